// What the viewer's latency control sees around a stall, for
// bench/broadcast.bench.ts: every few ms, the latency, target, playback rate
// and buffer ahead from `viewer.stats()`, and per track what is buffered ahead
// of the playhead (each MSE SourceBuffer; the WebCodecs audio ring). The bench
// prints the samples around each stall, so its cause can be read off.
import type { BroadcastViewerStats } from "../../src/streams/index.ts";

export interface PlaybackSample {
  /** Wall clock, ms. */
  readonly atMs: number;
  readonly latencyMs: number;
  readonly targetMs: number;
  readonly rate: number;
  /** The viewer's buffer ahead (both tracks), ms. */
  readonly bufferMs: number;
  /** MSE: each SourceBuffer's media ahead of currentTime (end of its last range), ms. */
  readonly videoAheadMs?: number | undefined;
  readonly audioAheadMs?: number | undefined;
  /** MSE: the element's readyState. */
  readonly readyState?: number;
  /** WebCodecs: decoded audio in the worklet's ring, ms. */
  readonly ringMs?: number;
}

const buffers: { kind: "video" | "audio"; sb: SourceBuffer }[] = [];
let hooked = false;

/** Keeps each SourceBuffer the page creates (call before the viewer opens). */
function hookSourceBuffers(): void {
  if (hooked || typeof MediaSource === "undefined") return;
  hooked = true;
  const add = MediaSource.prototype.addSourceBuffer;
  MediaSource.prototype.addSourceBuffer = function (this: MediaSource, type: string) {
    const sb = add.call(this, type);
    buffers.push({ kind: type.startsWith("video/") ? "video" : "audio", sb });
    return sb;
  };
}

function aheadMs(sb: SourceBuffer, t: number): number | undefined {
  try {
    const b = sb.buffered;
    return b.length === 0 ? undefined : Math.round((b.end(b.length - 1) - t) * 1000);
  } catch {
    return undefined; // removed from its MediaSource
  }
}

/**
 * Samples every `everyMs` until the returned stop is called; `stop()` gives the
 * samples. `element` is where the viewer renders now.
 */
export function tracePlayback(
  stats: () => BroadcastViewerStats | undefined,
  element: () => HTMLVideoElement | HTMLCanvasElement,
  everyMs = 20,
): () => PlaybackSample[] {
  hookSourceBuffers();
  buffers.length = 0;
  const out: PlaybackSample[] = [];
  const timer = setInterval(() => {
    const s = stats();
    if (s === undefined) return;
    const el = element();
    const video = el instanceof HTMLVideoElement ? el : undefined;
    const t = video?.currentTime ?? 0;
    const of = (kind: "video" | "audio") =>
      buffers.filter((b) => b.kind === kind).map((b) => aheadMs(b.sb, t))[0];
    const mse = video !== undefined && buffers.length > 0;
    out.push({
      atMs: Date.now(),
      latencyMs: s.latencyMs,
      targetMs: s.targetLatencyMs,
      rate: s.playbackRate,
      bufferMs: s.bufferMs,
      ...(mse && { videoAheadMs: of("video"), audioAheadMs: of("audio") }),
      ...(mse && { readyState: video.readyState }),
      ...(s.audio !== undefined && { ringMs: Math.round(s.audio.bufferMs) }),
    });
  }, everyMs);
  return () => {
    clearInterval(timer);
    return out;
  };
}
