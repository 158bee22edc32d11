// One simulcast rendition: VideoEncoder (H.264, AVC format) → CMAF chunks.
// Frames are dropped, never queued, while the encoder is behind.
import { toBase64 } from "../catalog.ts";
import { avcCodecString } from "../cmaf/codec-string.ts";
import { writeInitSegment } from "../cmaf/init-segment.ts";
import { ChunkPackager } from "./chunk-packager.ts";
import type { Rendition } from "./options.ts";
import { copyBytes, sameBytes, type TrackCounters, type TrackOutput } from "./track-output.ts";

const VIDEO_TIMESCALE = 90_000;
/** Frames the encoder may hold before new ones are dropped. */
const MAX_ENCODE_QUEUE = 2;

export interface VideoRenditionSettings {
  readonly codec: string;
  readonly framerate: number;
  readonly keyframeIntervalMs: number;
}

/** Even dimensions for `height` at the source's aspect, never above the source. */
export function renditionSize(r: Rendition, sourceWidth: number, sourceHeight: number) {
  const height = Math.max(2, Math.min(r.height, sourceHeight) & ~1);
  const width = Math.max(2, Math.round((height * sourceWidth) / sourceHeight / 2) * 2);
  return { width, height };
}

export class VideoRendition {
  private encoder: VideoEncoder | undefined;
  private size: { width: number; height: number } | undefined;
  private readonly chunks: ChunkPackager;
  private lastKeyUs = Number.NEGATIVE_INFINITY;
  private keyRequested = true;
  private avcC: Uint8Array | undefined;
  private readonly started = new Map<number, number>();
  private closed = false;

  constructor(
    readonly rendition: Rendition,
    private readonly s: VideoRenditionSettings,
    private readonly out: TrackOutput,
    private readonly mediaUs: (captureUs: number) => number,
  ) {
    this.chunks = new ChunkPackager(
      rendition.name,
      { trackId: 1, timescale: VIDEO_TIMESCALE, allSync: false, fragmentMs: 0 },
      out,
    );
  }

  get counters(): TrackCounters {
    return this.chunks.counters;
  }

  /** Asks for a keyframe (a new Group) on the next frame. */
  requestKeyframe(): void {
    this.keyRequested = true;
  }

  /** Encodes `frame` (the caller keeps ownership and closes it). */
  encode(frame: VideoFrame): void {
    if (this.closed) return;
    const encoder = this.encoder ?? this.open(frame);
    if (encoder.state !== "configured") return;
    if (encoder.encodeQueueSize >= MAX_ENCODE_QUEUE) {
      this.counters.framesDropped++;
      return;
    }
    const keyFrame =
      this.keyRequested || frame.timestamp - this.lastKeyUs >= this.s.keyframeIntervalMs * 1000;
    if (keyFrame) {
      this.keyRequested = false;
      this.lastKeyUs = frame.timestamp;
    }
    this.started.set(frame.timestamp, performance.now());
    encoder.encode(frame, { keyFrame });
  }

  private open(frame: VideoFrame): VideoEncoder {
    this.size = renditionSize(this.rendition, frame.displayWidth, frame.displayHeight);
    const encoder = new VideoEncoder({
      output: (chunk, meta) => this.onChunk(chunk, meta),
      error: (e) => this.out.error(e),
    });
    encoder.configure({
      codec: this.s.codec,
      ...this.size,
      bitrate: this.rendition.bitrate,
      framerate: this.s.framerate,
      latencyMode: "realtime",
      avc: { format: "avc" },
    });
    this.encoder = encoder;
    return encoder;
  }

  private onChunk(chunk: EncodedVideoChunk, meta?: EncodedVideoChunkMetadata): void {
    const t0 = this.started.get(chunk.timestamp);
    if (t0 !== undefined) {
      this.started.delete(chunk.timestamp);
      this.counters.addBusy(performance.now() - t0);
    }
    const description = meta?.decoderConfig?.description;
    if (description !== undefined) this.configure(description);
    // The encoder may insert keyframes unasked: each one opens a Group.
    this.chunks.push(chunk, this.mediaUs(chunk.timestamp), chunk.type === "key");
  }

  private configure(description: AllowSharedBufferSource): void {
    const avcC = copyBytes(description);
    if (this.avcC !== undefined && sameBytes(this.avcC, avcC)) return;
    this.avcC = avcC;
    const { width, height } = this.size!;
    const init = writeInitSegment({
      kind: "video",
      trackId: 1,
      timescale: VIDEO_TIMESCALE,
      width,
      height,
      avcC,
    });
    this.out.config({
      name: this.rendition.name,
      kind: "video",
      codec: avcCodecString(avcC),
      packaging: "cmaf",
      width,
      height,
      bitrate: this.rendition.bitrate,
      initData: toBase64(init),
    });
  }

  /** Encodes what is queued, sends the last chunk and closes the encoder. */
  async close(): Promise<void> {
    this.closed = true;
    const encoder = this.encoder;
    this.encoder = undefined;
    await this.chunks.close(encoder);
  }
}
