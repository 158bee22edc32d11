// The WebCodecs backend's video: samples queued in timestamp order, handed to
// a VideoDecoder just ahead of the media clock, and the newest frame due drawn
// to a canvas on each display refresh. It runs in the canvas's render worker
// (render-worker.ts, on an OffscreenCanvas) or, where that is unavailable, on
// the page's main thread.
import { framesDue } from "./due-frame.ts";
import { chunk, insertInOrder, type Sample, type VideoItem } from "./media-sample.ts";

/** Video samples are handed to the decoder this far ahead of the playhead. */
const VIDEO_LOOKAHEAD_MS = 100;
/** Video this far behind the playhead is skipped to the next keyframe due. */
const LATE_MS = 150;
/** A frame without a duration counts as this long when judging if it was shown late. */
const DEFAULT_FRAME_MS = 1000 / 30;

/** What the pipeline has drawn so far. */
export interface FrameCounts {
  /** Frames drawn. */
  readonly presented: number;
  /** Frames decoded or queued that were never drawn (a newer frame was due, or late video was skipped). */
  readonly dropped: number;
  /** Frames drawn after the next frame was already due. */
  readonly late: number;
}

export interface VideoPipelineHooks {
  /** A frame was drawn at `atMs` (`performance.now()` of the pipeline's thread); the first one resolves the backend's `firstFrame`. */
  shown(atMs: number): void;
  /** The decoder failed; playback cannot go on. */
  error(message: string): void;
}

export class VideoPipeline {
  private decoder: VideoDecoder | undefined;
  private ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null | undefined;
  private readonly queue: VideoItem[] = [];
  private readonly frames: VideoFrame[] = [];
  /** Timestamp of the last sample decoded, ms. */
  private fedMs = Number.NEGATIVE_INFINITY;
  private started = false;
  private closed = false;
  private presented = 0;
  private dropped = 0;
  private late = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement | OffscreenCanvas,
    private readonly clockMs: () => number,
    private readonly hooks: VideoPipelineHooks,
  ) {}

  get counts(): FrameCounts {
    return { presented: this.presented, dropped: this.dropped, late: this.late };
  }

  configure(config: VideoDecoderConfig): void {
    const decoder = new VideoDecoder({
      output: (f) => this.onFrame(f),
      error: (e) => this.hooks.error(e.message),
    });
    decoder.configure(config);
    // Fed as it frees up too, not only per display refresh: on a busy thread
    // animation frames slow down, and decoding must not fall behind with them.
    decoder.addEventListener("dequeue", this.refeed);
    this.decoder = decoder;
  }

  /** Continues with another rendition's configuration, in order with the samples. */
  switchTo(config: VideoDecoderConfig): void {
    this.queue.push({ config });
  }

  push(samples: readonly Sample[]): void {
    for (const s of samples) insertInOrder(this.queue, s);
    this.refeed();
  }

  start(): void {
    this.started = true;
  }

  /** The playhead moved to `ms`: decoding restarts at the last keyframe at or before it. */
  seek(ms: number): void {
    let key = -1;
    for (let i = 0; i < this.queue.length; i++) {
      const item = this.queue[i]!;
      if ("config" in item) continue;
      if (item.tsMs > ms) break;
      if (item.key) key = i;
    }
    if (key <= 0) return;
    const skipped = this.queue.splice(0, key);
    const config = skipped.filter((x) => "config" in x).pop();
    if (config !== undefined) this.queue.unshift(config);
  }

  /** One display refresh: decode what is due soon, draw the newest frame due. */
  tick(): void {
    if (!this.started || this.closed) return;
    const t = this.clockMs();
    this.feed(t);
    this.draw(t);
  }

  private readonly refeed = (): void => {
    if (this.started && !this.closed) this.feed(this.clockMs());
  };

  private feed(t: number): void {
    const v = this.decoder;
    this.skipLate(t);
    while (v !== undefined && v.state === "configured" && v.decodeQueueSize < 4) {
      const item = this.queue[0];
      if (item === undefined || ("tsMs" in item && item.tsMs > t + VIDEO_LOOKAHEAD_MS)) break;
      this.queue.shift();
      if ("config" in item) v.configure(item.config);
      else if (item.key || item.tsMs > this.fedMs) {
        // A delta frame older than one decoded (it came after its Group's successor) cannot decode.
        this.fedMs = item.tsMs;
        v.decode(chunk(EncodedVideoChunk, item));
      }
    }
  }

  /**
   * When decoding has fallen more than LATE_MS behind the playhead (a machine too
   * busy to decode every frame), goes on from the newest keyframe due instead:
   * every frame between would only be drawn late, and the lag would grow.
   */
  private skipLate(t: number): void {
    const head = this.queue[0];
    if (head === undefined || !("tsMs" in head) || head.tsMs >= t - LATE_MS) return;
    let key = -1;
    for (let i = 1; i < this.queue.length; i++) {
      const item = this.queue[i]!;
      if ("config" in item) break;
      if (item.tsMs > t) break;
      if (item.key) key = i;
    }
    if (key < 0) return;
    this.dropped += this.queue.splice(0, key).length;
  }

  private onFrame(frame: VideoFrame): void {
    if (this.closed) {
      frame.close();
      return;
    }
    this.frames.push(frame);
    // The first frame is drawn as soon as it is decoded, not at the next display refresh.
    if (this.presented === 0 && this.started) this.draw(this.clockMs());
  }

  /** Draws the newest frame due at `t` (due-frame.ts); older due frames were never shown. */
  private draw(t: number): void {
    const n = framesDue(this.frames, t, this.presented > 0);
    if (n === 0) return;
    const taken = this.frames.splice(0, n);
    const due = taken.pop()!;
    for (const f of taken) f.close();
    this.dropped += taken.length;
    const c = this.canvas;
    if (c.width !== due.displayWidth || c.height !== due.displayHeight) {
      c.width = due.displayWidth;
      c.height = due.displayHeight;
    }
    this.ctx ??= c.getContext("2d", { alpha: false }) as typeof this.ctx;
    this.ctx?.drawImage(due, 0, 0);
    if (
      this.presented > 0 &&
      t - due.timestamp / 1000 > (due.duration ?? DEFAULT_FRAME_MS * 1000) / 1000
    )
      this.late++;
    due.close();
    this.presented++;
    this.hooks.shown(performance.now());
  }

  close(): void {
    this.closed = true;
    if (this.decoder !== undefined && this.decoder.state !== "closed") this.decoder.close();
    for (const f of this.frames.splice(0)) f.close();
  }
}
