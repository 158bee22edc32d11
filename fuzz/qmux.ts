// The relay's QMux session (server/relay/ws/) under malformed records, in
// process: mutated QMux records (stream data, resets, flow-control frames,
// parameters, pings, datagrams, closes; several frames to a record) delivered to
// fresh sessions, as their first record or after valid transport parameters,
// while the session has a stream of its own with data queued. Each input must
// leave the session open, ended by the peer's own close, or closed by the
// session with CONNECTION_CLOSE carrying an RFC 9000 §20.1 code other than
// INTERNAL_ERROR (which would mean an unexpected exception); nothing may throw
// out of the socket's message handler or leave a promise rejection unhandled.
import { QmuxErrorCode } from "../server/relay/ws/qmux-error.ts";
import {
  encodeClose,
  encodeDatagram,
  encodeMaxData,
  encodeMaxStreamData,
  encodeMaxStreams,
  encodeParametersFrame,
  encodePing,
  encodeReset,
  encodeStop,
  putStreamHeader,
} from "../server/relay/ws/qmux-frames.ts";
import { DEFAULT_PARAMETERS } from "../server/relay/ws/qmux-params.ts";
import { QmuxSession, RELAY_PARAMETERS } from "../server/relay/ws/qmux-session.ts";
import type { WireVersion } from "../server/relay/ws/qmux-wire.ts";
import { MemorySocket } from "../server/relay/ws/testing/memory-socket.ts";
import { concat } from "../src/moqt/session/testing/chunks.ts";
import { mutate, Rng } from "./mutate.ts";
import { RejectionCounter } from "./rejections.ts";

/** What `fuzzQmux` found. */
export interface QmuxFuzzReport {
  readonly inputs: number;
  /** Inputs the session answered with CONNECTION_CLOSE, by error code. */
  readonly closedByCode: Record<string, number>;
  readonly unhandledRejections: number;
  readonly elapsedMs: number;
  readonly findings: readonly string[];
}

const PEER = encodeParametersFrame({
  ...DEFAULT_PARAMETERS,
  initialMaxData: 1 << 20,
  initialMaxStreamDataUni: 1 << 16,
  initialMaxStreamDataBidiLocal: 1 << 16,
  initialMaxStreamDataBidiRemote: 1 << 16,
  initialMaxStreamsUni: 4,
  initialMaxStreamsBidi: 4,
  maxDatagramFrameSize: 1200,
});

function stream(id: number, offset: number, length: number, fin: boolean): Uint8Array {
  const out = new Uint8Array(32 + length);
  const at = putStreamHeader(out, 0, "qmux-02", id, offset, length, fin);
  out.fill(0x5a, at, at + length);
  return out.slice(0, at + length);
}

/** Valid frames a client may send to the relay (stream 3 is the relay's own). */
const FRAMES: readonly Uint8Array[] = [
  stream(2, 0, 20, false),
  stream(2, 0, 5, true),
  stream(0, 0, 12, false),
  stream(6, 0, 0, true),
  stream(4, 0, 300, false),
  encodeReset("qmux-02", 2, 3, 20),
  encodeReset("qmux-02", 0, 0, 0),
  encodeStop(3, 7),
  encodeStop(0, 1),
  encodeMaxData(1 << 21),
  encodeMaxStreamData(3, 1 << 17),
  encodeMaxStreams(false, 9),
  encodeMaxStreams(true, 9),
  new Uint8Array([0x14, 0x10]), // DATA_BLOCKED
  new Uint8Array([0x16, 0x04]), // STREAMS_BLOCKED (bidi)
  new Uint8Array([0x15, 0x02, 0x10]), // STREAM_DATA_BLOCKED
  new Uint8Array([0x00, 0x00]), // PADDING
  encodePing(false, 1),
  encodePing(true, 0),
  encodeDatagram(new Uint8Array(40).fill(1)),
  encodeClose("qmux-02", true, 0, "bye"),
  encodeClose("qmux-02", false, 0x0a, "violation", 0x08),
];

/** The legacy framing's frames (one per message). */
const LEGACY: readonly Uint8Array[] = [
  new Uint8Array([0x08, 0x02, 1, 2, 3]),
  new Uint8Array([0x09, 0x06, 4]),
  new Uint8Array([0x04, 0x02, 0x05]),
  new Uint8Array([0x05, 0x03, 0x01]),
  encodeClose("webtransport", true, 1, "x"),
];

const ALLOWED = new Set<number>(
  Object.values(QmuxErrorCode).filter((c) => c !== QmuxErrorCode.INTERNAL_ERROR),
);

/** One input: a record built from the corpus, mutated, delivered to a fresh session. */
async function attack(rng: Rng, closedByCode: Record<string, number>): Promise<string | undefined> {
  const versions: WireVersion[] = ["qmux-02", "qmux-01", "qmux-00", "webtransport"];
  const version = versions[rng.below(versions.length)]!;
  const legacy = version === "webtransport";
  const socket = new MemorySocket(version);
  const session = new QmuxSession(socket.socket, {
    version,
    protocol: "moqt-16",
    parameters: { ...RELAY_PARAMETERS, initialMaxStreamsUni: 4, initialMaxStreamsBidi: 4 },
  });
  session.closed.catch(() => undefined);
  const first = !legacy && rng.below(8) === 0;
  const pool = legacy ? LEGACY : FRAMES;
  const parts = first ? [PEER] : [];
  const count = legacy || version === "qmux-00" ? 1 : 1 + rng.below(4);
  for (let i = 0; i < count; i++) parts.push(pool[rng.below(pool.length)]!);
  const input = mutate(concat(parts), rng);
  try {
    await session.ready;
    if (!first) {
      // After the peer's parameters, with a stream of the session's own under way.
      if (!legacy) socket.deliver(PEER);
      const own = await session.createUnidirectionalStream();
      own
        .getWriter()
        .write(new Uint8Array(64))
        .catch(() => undefined);
      session.flush();
    }
    socket.records.length = 0;
    socket.deliver(input);
    session.flush();
  } catch (e) {
    return `${version} ${hex(input)}: threw ${e instanceof Error ? e.message : String(e)}`;
  }
  let sent: ReturnType<MemorySocket["frames"]>;
  try {
    sent = socket.frames();
  } catch (e) {
    return `${version} ${hex(input)}: the session sent an undecodable record (${String(e)})`;
  }
  const close = sent.find((f) => f.type === "close");
  if (close?.type === "close") {
    if (close.application || !ALLOWED.has(close.code)) {
      return `${version} ${hex(input)}: closed with ${close.application ? "APPLICATION_CLOSE" : "code"} ${close.code} (${close.reason})`;
    }
    closedByCode[close.code] = (closedByCode[close.code] ?? 0) + 1;
  }
  if (close !== undefined && !socket.closedByServer) {
    return `${version} ${hex(input)}: CONNECTION_CLOSE sent but the socket left open`;
  }
  session.close();
  return undefined;
}

const hex = (b: Uint8Array) =>
  [...b.subarray(0, 48)].map((x) => x.toString(16).padStart(2, "0")).join("");

/** Runs `inputs` mutated records against fresh in-process QMux sessions. */
export async function fuzzQmux(inputs: number, seed = 1): Promise<QmuxFuzzReport> {
  const rng = new Rng(seed);
  const rejections = new RejectionCounter().start();
  const findings: string[] = [];
  const closedByCode: Record<string, number> = {};
  const t0 = performance.now();
  try {
    for (let i = 0; i < inputs; i++) {
      const f = await attack(rng, closedByCode);
      if (f !== undefined) findings.push(f);
    }
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    rejections.stop();
  }
  findings.push(...rejections.reasons.map((r) => `unhandled rejection: ${r}`));
  return {
    inputs,
    closedByCode,
    unhandledRejections: rejections.reasons.length,
    elapsedMs: performance.now() - t0,
    findings,
  };
}
