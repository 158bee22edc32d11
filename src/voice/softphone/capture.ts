// captureMicrophone (seed "The browser softphone path", steps 1–2): open the
// microphone with the browser's AEC / NS / AGC, encode Opus with WebCodecs (or
// G.711 in the WASM core's capture worklet) and write every encoded frame to
// the uplink as one MoQT Object. Raw PCM never leaves the page.

import captureWorkletUrl from "../../../worklets/core-capture.ts?worker&url";
import type { CoreSource } from "../../core/index.ts";
import { AudioBridge } from "../bridge/audio-bridge.ts";
import { checkCodec, type SoftphoneCodec } from "./codecs.ts";
import { invalidArgument, SoftphoneError, SoftphoneErrorCode } from "./errors.ts";
import { G711Uplink } from "./g711-uplink.ts";
import { OpusUplink } from "./opus-uplink.ts";
import type { AudioFrameSink } from "./uplink.ts";

/** Options of {@link captureMicrophone}. */
export interface CaptureMicrophoneOptions {
  /**
   * Where each encoded frame goes: an `AudioBridge` of a call (its frameMs and
   * codec must match this capture's), `client.publishAudio(ns, "uplink", …)`,
   * or any {@link AudioFrameSink}.
   */
  readonly uplink: AudioFrameSink | AudioBridge;
  /** "opus" (default, WebCodecs) or "ulaw" / "alaw" (G.711 in the WASM core). */
  readonly codec?: Exclude<SoftphoneCodec, "pcm-s16">;
  /** Frame duration; default 20. Opus: 10 or 20; G.711: 10, 20, 30 or 40. */
  readonly frameMs?: 10 | 20 | 30 | 40;
  /** Opus bitrate in bits per second; default 32000. */
  readonly bitrate?: number;
  /** Opus in-band forward error correction; default true. */
  readonly fec?: boolean;
  /** Opus discontinuous transmission (fewer frames in silence); default false. */
  readonly dtx?: boolean;
  /** The browser's echo cancellation; default true. */
  readonly echoCancellation?: boolean;
  /** The browser's noise suppression; default true. */
  readonly noiseSuppression?: boolean;
  /** The browser's automatic gain control; default true. */
  readonly autoGainControl?: boolean;
  /** Which microphone (`MediaDeviceInfo.deviceId`); default the system's. */
  readonly deviceId?: string;
  /**
   * An audio track the page already opened, captured instead of opening the
   * microphone (the AEC / NS / AGC and device options then do not apply).
   * It stays the caller's: `stop()` leaves it running.
   */
  readonly track?: MediaStreamTrack;
  /** G.711: the AudioContext the capture worklet runs in; default a new one. */
  readonly context?: AudioContext;
  /** G.711: URL of the core capture worklet; default the package's own (`@clutchcall/sdk/worklets/core-capture`). */
  readonly workletUrl?: string | URL;
  /** G.711: where to get core.wasm. */
  readonly wasm?: CoreSource;
}

/** `MicrophoneCapture.stats()`. */
export interface MicrophoneStats {
  /** Encoded frames written to the uplink. */
  readonly framesSent: number;
  /** Encoded bytes written to the uplink. */
  readonly bytesSent: number;
}

type Uplink = OpusUplink | G711Uplink;

interface Resolved {
  readonly sink: AudioFrameSink;
  readonly codec: "opus" | "ulaw" | "alaw";
  readonly frameMs: 10 | 20 | 30 | 40;
  readonly constraints: Omit<MediaTrackConstraints, "deviceId">;
}

/** An AudioBridge writes `(frame, tsUs)`; everything else is a sink already. */
function frameSink(uplink: AudioFrameSink | AudioBridge): AudioFrameSink {
  if (uplink instanceof AudioBridge) return { write: (tsUs, bytes) => uplink.write(bytes, tsUs) };
  if (typeof uplink?.write !== "function") {
    throw invalidArgument(
      "uplink must be an AudioBridge or have write(tsUs, bytes), e.g. an AudioPublication",
    );
  }
  return uplink;
}

const BRIDGE_CODEC = { opus: "opus", ulaw: "g711_ulaw", alaw: "g711_alaw" } as const;

function checkBridge(bridge: AudioBridge, codec: "opus" | "ulaw" | "alaw", frameMs: number): void {
  const f = bridge.format;
  if (f.codec !== BRIDGE_CODEC[codec] || f.frameMs !== frameMs) {
    throw invalidArgument(
      `the bridge carries ${f.codec} in ${f.frameMs} ms frames but the capture would send ${codec} in ${frameMs} ms frames: make codec and frameMs match`,
    );
  }
}

function resolve(o: CaptureMicrophoneOptions): Resolved {
  if (o === null || typeof o !== "object") {
    throw invalidArgument("captureMicrophone needs an options object with an uplink");
  }
  const sink = frameSink(o.uplink);
  const codec = checkCodec(o.codec ?? "opus");
  if (codec === "pcm-s16") throw invalidArgument("the microphone encodes opus, ulaw or alaw");
  const frameMs = o.frameMs ?? 20;
  const allowed = codec === "opus" ? [10, 20] : [10, 20, 30, 40];
  if (!allowed.includes(frameMs)) {
    throw invalidArgument(
      `frameMs for ${codec} must be one of ${allowed.join(", ")}, got ${frameMs}`,
    );
  }
  const bitrate = o.bitrate ?? 32_000;
  if (!Number.isInteger(bitrate) || bitrate < 6_000 || bitrate > 510_000) {
    throw invalidArgument(`bitrate must be an integer in 6000..510000 b/s, got ${bitrate}`);
  }
  for (const key of [
    "fec",
    "dtx",
    "echoCancellation",
    "noiseSuppression",
    "autoGainControl",
  ] as const) {
    if (o[key] !== undefined && typeof o[key] !== "boolean")
      throw invalidArgument(`${key} must be a boolean`);
  }
  if (o.uplink instanceof AudioBridge) checkBridge(o.uplink, codec, frameMs);
  return {
    sink,
    codec,
    frameMs,
    constraints: {
      echoCancellation: o.echoCancellation ?? true,
      noiseSuppression: o.noiseSuppression ?? true,
      autoGainControl: o.autoGainControl ?? true,
      channelCount: 1,
    },
  };
}

async function openMicrophone(
  constraints: MediaTrackConstraints,
  deviceId: string | undefined,
): Promise<MediaStream> {
  if (typeof navigator === "undefined" || navigator.mediaDevices?.getUserMedia === undefined) {
    throw new SoftphoneError(
      SoftphoneErrorCode.NotSupported,
      "this page has no getUserMedia (a secure context is required)",
    );
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { ...constraints, ...(deviceId !== undefined && { deviceId: { exact: deviceId } }) },
    });
  } catch (cause) {
    const name = cause instanceof DOMException ? cause.name : "Error";
    throw new SoftphoneError(
      SoftphoneErrorCode.Device,
      `cannot open the microphone (${name}): ${String((cause as Error)?.message ?? cause)}`,
      { fatal: true, cause },
    );
  }
}

/**
 * A running microphone capture: mute and unmute without touching the uplink
 * track, switch devices, read the level.
 */
export class MicrophoneCapture {
  #stream: MediaStream;
  #ownsStream: boolean;
  #stopped = false;

  /** @internal Use {@link captureMicrophone}. */
  constructor(
    stream: MediaStream,
    private readonly uplink: Uplink,
    private readonly constraints: MediaTrackConstraints,
    private readonly ownContext: AudioContext | undefined,
    /** The uplink codec. */
    readonly codec: "opus" | "ulaw" | "alaw",
    /** Duration of one uplink frame (one Object). */
    readonly frameMs: number,
    ownsStream: boolean,
  ) {
    this.#stream = stream;
    this.#ownsStream = ownsStream;
  }

  /** The microphone track being captured. */
  get track(): MediaStreamTrack {
    return this.#stream.getAudioTracks()[0] as MediaStreamTrack;
  }

  /** True while muted: no audio Objects are written. */
  get muted(): boolean {
    return this.uplink.muted;
  }

  /** Microphone level in 0..1 (RMS; it falls back over a fraction of a second), live while muted too. */
  get level(): number {
    return this.uplink.level;
  }

  /** Why encoding stopped, if it did. */
  get error(): SoftphoneError | undefined {
    return this.uplink.error;
  }

  /** Stops writing audio to the uplink; the track and the publication stay as they are. */
  mute(): void {
    this.uplink.muted = true;
    this.uplink.reset();
  }

  /** Resumes writing audio. */
  unmute(): void {
    this.uplink.muted = false;
  }

  /** Frames and bytes written so far. */
  stats(): MicrophoneStats {
    return { framesSent: this.uplink.framesSent, bytesSent: this.uplink.bytesSent };
  }

  /** Switches to another microphone; the uplink carries on with no renegotiation. */
  async setDevice(deviceId: string): Promise<void> {
    if (typeof deviceId !== "string") throw invalidArgument("deviceId must be a string");
    this.#assertLive();
    const next = await openMicrophone(this.constraints, deviceId);
    if (this.#stopped) {
      for (const t of next.getTracks()) t.stop();
      return;
    }
    const old = this.#stream;
    const ownedOld = this.#ownsStream;
    this.#stream = next;
    this.#ownsStream = true;
    attach(this.uplink, next);
    if (ownedOld) for (const t of old.getTracks()) t.stop();
  }

  /** Stops the microphone and the encoder. The uplink publication is the caller's to close. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.uplink.close();
    if (this.#ownsStream) for (const t of this.#stream.getTracks()) t.stop();
    await this.ownContext?.close();
  }

  #assertLive(): void {
    if (this.#stopped)
      throw new SoftphoneError(SoftphoneErrorCode.Closed, "the capture is stopped");
  }
}

function attach(uplink: Uplink, stream: MediaStream): void {
  if (uplink instanceof OpusUplink) uplink.attach(stream.getAudioTracks()[0] as MediaStreamTrack);
  else uplink.attach(stream);
}

/**
 * Opens the microphone and starts writing encoded frames to `options.uplink`.
 * Rejects with a SoftphoneError: INVALID_ARGUMENT (bad options), NOT_SUPPORTED,
 * DEVICE (permission refused, no such device), WORKLET.
 *
 * ```ts
 * const uplink = client.publishAudio(`voice/${sid}`, "uplink", {
 *   capability: "voice/opus", codec: "opus", sampleRate: 48000, channels: 1, frameMs: 20,
 * });
 * const mic = await captureMicrophone({ uplink });
 * mic.mute();
 * ```
 */
export async function captureMicrophone(
  options: CaptureMicrophoneOptions,
): Promise<MicrophoneCapture> {
  const r = resolve(options);
  let ownContext: AudioContext | undefined;
  let uplink: Uplink;
  if (r.codec === "opus") {
    uplink = new OpusUplink(r.sink, {
      frameMs: r.frameMs as 10 | 20,
      bitrate: options.bitrate ?? 32_000,
      fec: options.fec ?? true,
      dtx: options.dtx ?? false,
    });
  } else {
    const context = options.context ?? new AudioContext({ latencyHint: "interactive" });
    if (options.context === undefined) ownContext = context;
    uplink = await G711Uplink.create(context, r.sink, {
      law: r.codec === "ulaw" ? "mulaw" : "alaw",
      frameMs: r.frameMs,
      workletUrl: options.workletUrl ?? captureWorkletUrl,
      ...(options.wasm !== undefined && { wasm: options.wasm }),
    });
  }
  let stream: MediaStream;
  try {
    stream =
      options.track !== undefined
        ? new MediaStream([options.track])
        : await openMicrophone(r.constraints, options.deviceId);
  } catch (e) {
    uplink.close();
    await ownContext?.close();
    throw e;
  }
  attach(uplink, stream);
  const owns = options.track === undefined;
  return new MicrophoneCapture(stream, uplink, r.constraints, ownContext, r.codec, r.frameMs, owns);
}
