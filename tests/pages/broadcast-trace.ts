// Per-frame timing of the live MSE path, for bench/broadcast.bench.ts: where a
// frame's glass-to-glass time goes. The publisher page records when each frame
// left the encoder and when its CMAF chunk was sent; the viewer page records
// when each video Object arrived, when its append ended (and the buffered end
// then), and when the <video> presented it (requestVideoFrameCallback), with
// the time code read from the presented pixels. Frames are keyed by their
// capture time (the LOC timestamp, wall-clock ms).

import { MoqtClient } from "../../src/moqt/index.ts";
import { ChunkWriter } from "../../src/streams/cmaf/chunk-writer.ts";
import { readFragment } from "../../src/streams/cmaf/read.ts";

/** Publisher side, per frame: capture (LOC) ms → { encodedMs, sentMs }. */
export interface PublisherTrace {
  readonly encodedMs: Record<number, number>;
  readonly sentMs: Record<number, number>;
}

/** Viewer side, per frame (LOC capture ms), all wall-clock ms. */
export interface ViewerFrame {
  readonly captureMs: number;
  receivedMs?: number;
  appendedMs?: number;
  /** Media from this frame's start to the buffered end when its append ended, ms. */
  bufferedBeyondMs?: number;
  presentedMs?: number;
  /** The time code drawn into the frame (the canvas draw time, wall clock). */
  drawnMs?: number | undefined;
  /** Buffered end minus currentTime when presented, ms. */
  leadMs?: number;
}

const wallMs = (mediaUs: number) => Math.round(performance.timeOrigin + mediaUs / 1000);

/** Records when each chunk left the encoder and was sent (every track's writer: video frames only match). */
export function tracePublisher(): () => PublisherTrace {
  const t: PublisherTrace = { encodedMs: {}, sentMs: {} };
  const push = ChunkWriter.prototype.push;
  ChunkWriter.prototype.push = function (this: ChunkWriter, frame) {
    const nowMs = Date.now();
    t.encodedMs[wallMs(frame.timestampUs)] ??= nowMs;
    const chunk = push.call(this, frame);
    if (chunk !== undefined) t.sentMs[wallMs(chunk.timestampUs)] ??= nowMs;
    return chunk;
  };
  return () => t;
}

/** Media time (s) of each video fragment's first sample in `bytes` (moof+mdat pairs). */
function fragmentStartsS(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let at = 0;
  while (at + 8 <= bytes.byteLength) {
    const size = new DataView(bytes.buffer, bytes.byteOffset + at).getUint32(0);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (size < 8) break;
    if (type === "moof") {
      const end = at + size + new DataView(bytes.buffer, bytes.byteOffset + at + size).getUint32(0);
      const s = readFragment(bytes.subarray(at, end)).samples[0];
      if (s !== undefined) out.push(s.decodeTime / 90_000);
    }
    at += size;
  }
  return out;
}

/**
 * Records the viewer side for `video`; `readCode` reads the time code of the
 * frame showing. Call before the viewer starts.
 */
export function traceViewer(
  video: HTMLVideoElement,
  readCode: () => number | undefined,
): () => ViewerFrame[] {
  const frames = new Map<number, ViewerFrame>();
  /** Media time (ms, rounded) → capture ms, learned from each Object. */
  const byMedia = new Map<number, number>();
  const lookup = (mediaS: number) => {
    const ms = Math.round(mediaS * 1000);
    return byMedia.get(ms) ?? byMedia.get(ms - 1) ?? byMedia.get(ms + 1);
  };
  const frame = (captureMs: number) => {
    let f = frames.get(captureMs);
    if (f === undefined) {
      f = { captureMs };
      frames.set(captureMs, f);
    }
    return f;
  };
  const subscribe = MoqtClient.prototype.subscribeVideo;
  MoqtClient.prototype.subscribeVideo = function (this: MoqtClient, ns, name, onFrame, options) {
    const video = String(name).startsWith("video/");
    return subscribe.call(
      this,
      ns,
      name,
      (tsUs, bytes, keyframe) => {
        if (video && tsUs > 0) {
          const captureMs = Math.round(tsUs / 1000);
          frame(captureMs).receivedMs ??= Date.now();
          for (const s of fragmentStartsS(bytes)) byMedia.set(Math.round(s * 1000), captureMs);
        }
        onFrame(tsUs, bytes, keyframe);
      },
      options,
    );
  };
  const add = MediaSource.prototype.addSourceBuffer;
  MediaSource.prototype.addSourceBuffer = function (this: MediaSource, type: string) {
    const sb = add.call(this, type);
    if (!type.startsWith("video/")) return sb;
    let pending: number[] = [];
    const append = sb.appendBuffer;
    sb.appendBuffer = (data: BufferSource) => {
      const bytes = data instanceof Uint8Array ? data : new Uint8Array(data as ArrayBuffer);
      pending = fragmentStartsS(bytes);
      append.call(sb, data);
    };
    sb.addEventListener("updateend", () => {
      const nowMs = Date.now();
      const endS = sb.buffered.length > 0 ? sb.buffered.end(sb.buffered.length - 1) : 0;
      for (const s of pending) {
        const captureMs = lookup(s);
        if (captureMs === undefined) continue;
        const f = frame(captureMs);
        f.appendedMs ??= nowMs;
        f.bufferedBeyondMs ??= Math.round((endS - s) * 1000);
      }
      pending = [];
    });
    return sb;
  };
  const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
    const captureMs = lookup(meta.mediaTime);
    if (captureMs !== undefined) {
      const f = frame(captureMs);
      f.presentedMs ??= Date.now();
      f.drawnMs ??= readCode();
      const b = video.buffered;
      if (b.length > 0) f.leadMs ??= Math.round((b.end(b.length - 1) - video.currentTime) * 1000);
    }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  return () => [...frames.values()];
}
