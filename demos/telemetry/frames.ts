// The robot's telemetry frames: a simulated differential-drive robot driving a
// figure eight, and the byte layout of its three kinds of frames (little-endian,
// byte 0 = kind). One frame track carries all three; each frame has its own MoQT
// priority (0 is the most urgent).

export const FrameKind = { POSE: 1, SCAN: 2, DIAGNOSTICS: 3 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Per-kind MoQT priority and rate, relative to the pose rate. */
export const KINDS = {
  [FrameKind.POSE]: { label: "pose", priority: 16, everyNth: 1, color: "#2e86de" },
  [FrameKind.SCAN]: { label: "scan", priority: 128, everyNth: 10, color: "#10ac84" },
  [FrameKind.DIAGNOSTICS]: { label: "diagnostics", priority: 224, everyNth: 25, color: "#ee5253" },
} as const satisfies Record<
  FrameKind,
  { label: string; priority: number; everyNth: number; color: string }
>;

export interface Pose {
  readonly seq: number;
  /** Metres. */
  readonly x: number;
  readonly y: number;
  /** Heading, radians. */
  readonly theta: number;
  /** Linear velocity, m/s. */
  readonly v: number;
  /** Angular velocity, rad/s. */
  readonly w: number;
}

export interface Diagnostics {
  readonly seq: number;
  readonly batteryPct: number;
  readonly motorTempC: number;
  readonly cpuPct: number;
}

export type Decoded =
  | { readonly kind: typeof FrameKind.POSE; readonly pose: Pose }
  | { readonly kind: typeof FrameKind.SCAN; readonly seq: number; readonly rangesMm: Uint16Array }
  | { readonly kind: typeof FrameKind.DIAGNOSTICS; readonly diagnostics: Diagnostics };

const SCAN_BEAMS = 360;
/** Distance from the room's centre to each wall, metres. */
const ROOM_HALF_M = 2.5;

export function encodePose(p: Pose): Uint8Array {
  const bytes = new Uint8Array(25);
  const v = new DataView(bytes.buffer);
  v.setUint8(0, FrameKind.POSE);
  v.setUint32(1, p.seq, true);
  setFloats(v, 5, [p.x, p.y, p.theta, p.v, p.w]);
  return bytes;
}

export function encodeDiagnostics(d: Diagnostics): Uint8Array {
  const bytes = new Uint8Array(17);
  const v = new DataView(bytes.buffer);
  v.setUint8(0, FrameKind.DIAGNOSTICS);
  v.setUint32(1, d.seq, true);
  setFloats(v, 5, [d.batteryPct, d.motorTempC, d.cpuPct]);
  return bytes;
}

export function encodeScan(seq: number, rangesMm: Uint16Array): Uint8Array {
  const bytes = new Uint8Array(5 + 2 * rangesMm.length);
  const v = new DataView(bytes.buffer);
  v.setUint8(0, FrameKind.SCAN);
  v.setUint32(1, seq, true);
  for (let i = 0; i < rangesMm.length; i++) v.setUint16(5 + 2 * i, rangesMm[i]!, true);
  return bytes;
}

function setFloats(v: DataView, at: number, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) v.setFloat32(at + 4 * i, values[i]!, true);
}

/** Decodes a frame; undefined for anything this demo did not write. */
export function decodeFrame(bytes: Uint8Array): Decoded | undefined {
  if (bytes.length < 5) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const seq = v.getUint32(1, true);
  const f = (i: number) => v.getFloat32(5 + 4 * i, true);
  switch (v.getUint8(0)) {
    case FrameKind.POSE:
      if (bytes.length !== 25) return undefined;
      return {
        kind: FrameKind.POSE,
        pose: { seq, x: f(0), y: f(1), theta: f(2), v: f(3), w: f(4) },
      };
    case FrameKind.DIAGNOSTICS:
      if (bytes.length !== 17) return undefined;
      return {
        kind: FrameKind.DIAGNOSTICS,
        diagnostics: { seq, batteryPct: f(0), motorTempC: f(1), cpuPct: f(2) },
      };
    case FrameKind.SCAN: {
      const n = (bytes.length - 5) / 2;
      if (!Number.isInteger(n)) return undefined;
      const rangesMm = new Uint16Array(n);
      for (let i = 0; i < n; i++) rangesMm[i] = v.getUint16(5 + 2 * i, true);
      return { kind: FrameKind.SCAN, seq, rangesMm };
    }
    default:
      return undefined;
  }
}

/** A robot driving a figure eight (a lemniscate), with a draining battery. */
export class SimulatedRobot {
  #seq = 0;
  #battery = 100;

  /** The pose at `tSeconds` since start. */
  pose(tSeconds: number): Pose {
    const a = 2; // metres
    const s = tSeconds * 0.4;
    const denom = 1 + Math.sin(s) ** 2;
    const x = (a * Math.cos(s)) / denom;
    const y = (a * Math.sin(s) * Math.cos(s)) / denom;
    const dt = 0.01;
    const s2 = (tSeconds + dt) * 0.4;
    const d2 = 1 + Math.sin(s2) ** 2;
    const x2 = (a * Math.cos(s2)) / d2;
    const y2 = (a * Math.sin(s2) * Math.cos(s2)) / d2;
    const theta = Math.atan2(y2 - y, x2 - x);
    const v = Math.hypot(x2 - x, y2 - y) / dt;
    return { seq: this.#seq++, x, y, theta, v, w: Math.sin(s) * 0.8 };
  }

  diagnostics(tSeconds: number): Diagnostics {
    this.#battery = Math.max(0, this.#battery - 0.01);
    return {
      seq: this.#seq,
      batteryPct: this.#battery,
      motorTempC: 42 + 6 * Math.sin(tSeconds / 7),
      cpuPct: 35 + 20 * Math.abs(Math.sin(tSeconds / 3)),
    };
  }

  /** A 360-beam range scan of a square room, 2.5 m from the centre to each wall. */
  scan(pose: Pose): Uint16Array {
    const ranges = new Uint16Array(SCAN_BEAMS);
    for (let i = 0; i < SCAN_BEAMS; i++) {
      const angle = pose.theta + (i * Math.PI * 2) / SCAN_BEAMS;
      const dx = Math.cos(angle);
      const dy = Math.sin(angle);
      const tx =
        dx > 0
          ? (ROOM_HALF_M - pose.x) / dx
          : dx < 0
            ? (-ROOM_HALF_M - pose.x) / dx
            : Number.POSITIVE_INFINITY;
      const ty =
        dy > 0
          ? (ROOM_HALF_M - pose.y) / dy
          : dy < 0
            ? (-ROOM_HALF_M - pose.y) / dy
            : Number.POSITIVE_INFINITY;
      ranges[i] = Math.min(65_535, Math.round(Math.min(tx, ty) * 1000));
    }
    return ranges;
  }
}
