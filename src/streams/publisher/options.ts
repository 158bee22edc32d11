// Options of BroadcastPublisher and their defaults.
import type { MoqtClientOptions } from "../../moqt/index.ts";
import { BroadcastPublisherError, BroadcastPublisherErrorCode } from "../broadcast-errors.ts";

/** One simulcast video rendition, encoded in the page from the same frames. */
export interface Rendition {
  /** Track name, e.g. "video/720p". */
  readonly name: string;
  /** Target height in pixels (width follows the source's aspect); capped at the source height. */
  readonly height: number;
  /** Target bitrate in bits per second. */
  readonly bitrate: number;
}

/** Options of `BroadcastPublisher` (`Streams.publisher(options)`). */
export interface BroadcastPublisherOptions {
  /**
   * Length of an audio CMAF fragment, i.e. how often the audio track opens a
   * MoQT Group, in ms; default 1000 (0: every frame). Every frame of every track
   * is sent the moment it is encoded, as its own CMAF chunk (one MoQT Object),
   * so this no longer sets the latency; it bounds how far back a late joiner's
   * audio starts. Video fragments and Groups start at keyframes
   * (`keyframeIntervalMs`).
   */
  readonly timesliceMs?: number;
  /** Time between keyframes, i.e. the length of a MoQT Group; default 2000 ms. */
  readonly keyframeIntervalMs?: number;
  /** Video renditions, highest first; default 720p at 2.5 Mbit/s and 360p at 800 kbit/s. */
  readonly renditions?: readonly Rendition[];
  /** Opus bitrate in bits per second; default 96 000. */
  readonly audioBitrate?: number;
  /** H.264 codec asked of the encoder; default "avc1.42E01F" (Constrained Baseline). */
  readonly videoCodec?: string;
  /** Frames per second the encoders are tuned for; default 30. */
  readonly framerate?: number;
  /** Passed to the underlying `MoqtClient` (reconnect policy, transport, …). */
  readonly client?: Omit<MoqtClientOptions, "token" | "signal">;
}

export const DEFAULT_RENDITIONS: readonly Rendition[] = [
  { name: "video/720p", height: 720, bitrate: 2_500_000 },
  { name: "video/360p", height: 360, bitrate: 800_000 },
];

export interface ResolvedPublisherOptions {
  readonly timesliceMs: number;
  readonly keyframeIntervalMs: number;
  readonly renditions: readonly Rendition[];
  readonly audioBitrate: number;
  readonly videoCodec: string;
  readonly framerate: number;
  readonly client: Omit<MoqtClientOptions, "token" | "signal">;
}

function bad(message: string): never {
  throw new BroadcastPublisherError(BroadcastPublisherErrorCode.INVALID_ARGUMENT, message);
}

function count(name: string, v: number | undefined, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min) {
    bad(`${name} must be a number ≥ ${min}, got ${String(v)}`);
  }
  return v;
}

/** Applies defaults and checks every option; throws INVALID_ARGUMENT saying what to fix. */
export function resolvePublisherOptions(
  o: BroadcastPublisherOptions = {},
): ResolvedPublisherOptions {
  const renditions = o.renditions ?? DEFAULT_RENDITIONS;
  if (!Array.isArray(renditions) || renditions.length === 0) {
    bad("renditions must be a non-empty array");
  }
  const names = new Set<string>();
  for (const r of renditions) {
    if (typeof r.name !== "string" || !r.name.startsWith("video/")) {
      bad(`rendition names start with "video/", got ${JSON.stringify(r.name)}`);
    }
    if (names.has(r.name)) bad(`duplicate rendition name ${r.name}`);
    names.add(r.name);
    count(`${r.name} height`, r.height, 0, 2);
    count(`${r.name} bitrate`, r.bitrate, 0, 1000);
  }
  return {
    timesliceMs: count("timesliceMs", o.timesliceMs, 1000, 0),
    keyframeIntervalMs: count("keyframeIntervalMs", o.keyframeIntervalMs, 2000, 100),
    renditions,
    audioBitrate: count("audioBitrate", o.audioBitrate, 96_000, 6000),
    videoCodec: o.videoCodec ?? "avc1.42E01F",
    framerate: count("framerate", o.framerate, 30, 1),
    client: o.client ?? {},
  };
}
