// The default render backend: MediaSource into a <video>, one SourceBuffer per
// track (video, audio), the browser doing decode, A/V sync, controls and PiP.

import { BroadcastViewerError, BroadcastViewerErrorCode as Code } from "../broadcast-errors.ts";
import { type CatalogTrack, fromBase64 } from "../catalog.ts";
import { readInitSegment } from "../cmaf/read.ts";
import { AppendQueue } from "./append-queue.ts";
import { AudioGapFill } from "./audio-gap-fill.ts";
import type { BackendCallbacks, RenderBackend } from "./render-backend.ts";

/** Media kept behind the playhead. */
const BACK_BUFFER_MS = 10_000;
/**
 * What Chromium's MediaSource pipeline needs buffered ahead of `currentTime` to
 * keep playing live H.264 + Opus, ms. Its software H.264 decoder hands out a
 * frame only once later ones came in, and the element goes `waiting` (and back
 * to `playing` only 150–290 ms later, once its renderers refilled) with one frame
 * (~31 ms at 30 fps) of video still ahead: measured in bench/broadcast.bench.ts
 * (the buffer per SourceBuffer around each stall). Three frames at 30 fps.
 */
const MSE_AHEAD_MIN_MS = 100;
/** Longest a start waits for audio and video to overlap (audio arriving after the video Group). */
const START_OVERLAP_WAIT_MS = 1000;
const START_OVERLAP_POLL_MS = 10;

const mimeOf = (t: CatalogTrack) =>
  `${t.kind === "video" ? "video" : "audio"}/mp4; codecs="${t.codec}"`;

export class MseBackend implements RenderBackend {
  private url: string | undefined;
  private readonly queues = new Map<"video" | "audio", AppendQueue>();
  private videoType: string | undefined;
  private ms: MediaSource | undefined;

  /** Live Opus audio only: fills its holes with silence (audio-gap-fill.ts). */
  private audioGaps: AudioGapFill | undefined;

  /** `live`: media arrives as it is made, and an audio hole is filled rather than waited at. */
  constructor(
    readonly element: HTMLVideoElement,
    private readonly cb: BackendCallbacks,
    private readonly live = false,
  ) {}

  private readonly onError = (e: BroadcastViewerError) => this.cb.error(e);
  private readonly onWaiting = () => {
    if (!this.element.seeking) this.cb.waiting();
  };
  private readonly onPlaying = () => this.cb.playing();

  /** Checks that MediaSource can play `track`; throws UNSUPPORTED_CODEC (never a silent black video). */
  static check(track: CatalogTrack): void {
    if (typeof MediaSource === "undefined") {
      throw new BroadcastViewerError(
        Code.UNSUPPORTED,
        'this browser has no MediaSource: use backend "webcodecs" (or "auto")',
        { fatal: true },
      );
    }
    if (!MediaSource.isTypeSupported(mimeOf(track))) {
      throw new BroadcastViewerError(
        Code.UNSUPPORTED_CODEC,
        `MediaSource cannot play ${track.name} (${mimeOf(track)})`,
        { fatal: true },
      );
    }
    if (track.initData === undefined) {
      throw new BroadcastViewerError(
        Code.INVALID_CATALOG,
        `catalog track ${track.name} has no initData`,
        { fatal: true },
      );
    }
  }

  private readonly onElementError = () => {
    const e = this.element.error;
    this.onError(
      new BroadcastViewerError(
        Code.DECODE_ERROR,
        `the media element failed: ${e?.message ?? "unknown"} (code ${e?.code})`,
        { fatal: true },
      ),
    );
  };

  /**
   * Creates the MediaSource and its SourceBuffers, and appends the init segments.
   * `durationS` is given for on-demand media (so the element can seek all of it).
   */
  async open(
    video: CatalogTrack | undefined,
    audio: CatalogTrack | undefined,
    durationS?: number,
  ): Promise<void> {
    for (const t of [video, audio]) if (t !== undefined) MseBackend.check(t);
    this.element.addEventListener("error", this.onElementError);
    this.element.addEventListener("waiting", this.onWaiting);
    this.element.addEventListener("playing", this.onPlaying);
    this.watchFrames();
    const ms = new MediaSource();
    this.ms = ms;
    this.url = URL.createObjectURL(ms);
    this.element.src = this.url;
    await new Promise<void>((resolve) =>
      ms.addEventListener("sourceopen", () => resolve(), { once: true }),
    );
    if (durationS !== undefined) ms.duration = durationS;
    for (const t of [video, audio]) {
      if (t === undefined) continue;
      const sb = ms.addSourceBuffer(mimeOf(t));
      sb.mode = "segments";
      const kind = t.kind;
      const q = new AppendQueue(
        sb,
        () => this.element.currentTime,
        BACK_BUFFER_MS,
        (e, quota) =>
          this.onError(
            new BroadcastViewerError(
              quota ? Code.QUOTA_EXCEEDED : Code.DECODE_ERROR,
              `${kind} SourceBuffer: ${(e as Error).message}`,
              { fatal: !quota, cause: e },
            ),
          ),
      );
      this.queues.set(kind, q);
      const init = fromBase64(t.initData!);
      if (this.live && kind === "audio" && t.codec === "opus") {
        this.audioGaps = new AudioGapFill(readInitSegment(init).timescale);
      }
      q.append(init);
    }
    this.videoType = video === undefined ? undefined : mimeOf(video);
  }

  /** Continues the video SourceBuffer with another rendition: its codec and init segment. */
  switchVideo(track: CatalogTrack): void {
    MseBackend.check(track);
    const q = this.queues.get("video");
    if (q === undefined) return;
    const type = mimeOf(track);
    if (type !== this.videoType) q.changeType(type);
    this.videoType = type;
    q.append(fromBase64(track.initData!));
  }

  /** Once every queued append is done, marks the end of the media (the element then ends). */
  async endOfStream(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.idle()));
    if (this.ms?.readyState === "open" && !this.closed) this.ms.endOfStream();
  }

  append(kind: "video" | "audio", bytes: Uint8Array): void {
    const q = this.queues.get(kind);
    if (q === undefined) return;
    const silence = kind === "audio" ? this.audioGaps?.before(bytes) : undefined;
    if (silence !== undefined) q.append(silence);
    q.append(bytes);
  }

  /** The buffered range that holds (or comes next after) the playhead, in seconds. */
  private range(): { startS: number; endS: number } | undefined {
    const b = this.element.buffered;
    const t = this.element.currentTime;
    for (let i = 0; i < b.length; i++) {
      if (b.end(i) > t) return { startS: Math.max(b.start(i), t), endS: b.end(i) };
    }
    return undefined;
  }

  /** Media ahead of the playhead, ms (0 when the playhead is in a gap). */
  bufferAheadMs(): number {
    const r = this.range();
    return r === undefined || r.startS > this.element.currentTime ? 0 : (r.endS - r.startS) * 1000;
  }

  readonly minAheadMs = MSE_AHEAD_MIN_MS;

  /** Media from the playhead to the end of the last buffered range (the live edge), ms. */
  edgeAheadMs(): number {
    const b = this.element.buffered;
    return b.length === 0
      ? 0
      : Math.max(0, (b.end(b.length - 1) - this.element.currentTime) * 1000);
  }

  /**
   * Moves the playhead over a gap to the next buffered media: when it is in a
   * gap, or waiting at the end of a range with more media after the gap (after
   * an outage), once `minAheadMs` of media is buffered there. True when it moved.
   */
  skipGap(minAheadMs = 0): boolean {
    const b = this.element.buffered;
    const t = this.element.currentTime;
    for (let i = 0; i < b.length; i++) {
      if (b.end(i) <= t) continue;
      const inRange = b.start(i) <= t;
      const starving = this.element.readyState < HTMLMediaElement.HAVE_FUTURE_DATA;
      if (inRange && !(i + 1 < b.length && starving && b.end(i) - t < 0.5)) return false;
      // The first range after the gap that holds enough media: slivers (a frame or
      // two that came through an outage) are passed over rather than waited behind.
      for (let j = inRange ? i + 1 : i; j < b.length; j++) {
        if ((b.end(j) - b.start(j)) * 1000 < minAheadMs) continue;
        this.element.currentTime = b.start(j);
        return true;
      }
      return false;
    }
    return false;
  }

  get currentTimeS(): number {
    return this.element.currentTime;
  }

  get playbackRate(): number {
    return this.element.playbackRate;
  }

  seekBy(ms: number): void {
    this.element.currentTime += ms / 1000;
  }

  setRate(rate: number): void {
    if (this.element.playbackRate !== rate) this.element.playbackRate = rate;
  }

  get droppedFrames(): number {
    return this.element.getVideoPlaybackQuality?.().droppedVideoFrames ?? 0;
  }

  /** Frames presented so far (requestVideoFrameCallback; headless Chromium reports 0 decoded frames). */
  get framesShown(): number {
    return this.presented;
  }

  private presented = 0;
  private shown: (atMs: number) => void = () => undefined;
  /** Resolves when the first video frame is presented, with when (page time). */
  readonly firstFrame = new Promise<number>((resolve) => {
    this.shown = resolve;
  });

  private watchFrames(): void {
    const el = this.element;
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      if (this.closed) return;
      this.presented = meta.presentedFrames;
      this.shown(performance.now());
      el.requestVideoFrameCallback(onFrame);
    };
    el.requestVideoFrameCallback(onFrame);
  }

  /**
   * Resolves when the video appended so far is in its SourceBuffer and the audio
   * overlaps it. The element plays only where every SourceBuffer has media
   * (`buffered` is their intersection), and a late joiner's audio (its own Group,
   * its own fetch) may arrive after the video: a start before would wait for it
   * in a gap. Waits at most START_OVERLAP_WAIT_MS for the audio.
   */
  async whenAppended(): Promise<void> {
    await this.queues.get("video")?.appended();
    const deadlineMs = performance.now() + START_OVERLAP_WAIT_MS;
    while (this.element.buffered.length === 0 && !this.closed && performance.now() < deadlineMs) {
      await new Promise((r) => setTimeout(r, START_OVERLAP_POLL_MS));
    }
  }

  /** Plays from `positionMs` (at most the live edge less MSE_AHEAD_MIN_MS), else from the first buffered media. */
  async start(positionMs?: number): Promise<void> {
    this.skipGap();
    const b = this.element.buffered;
    if (positionMs !== undefined && b.length > 0) {
      const s = Math.min(positionMs / 1000, b.end(b.length - 1) - MSE_AHEAD_MIN_MS / 1000);
      if (s > this.element.currentTime) this.element.currentTime = s;
    }
    await this.play();
  }

  /** Starts playback; falls back to muted when autoplay with sound is refused. */
  async play(): Promise<void> {
    try {
      await this.element.play();
    } catch (e) {
      if ((e as DOMException).name !== "NotAllowedError") return;
      this.element.muted = true;
      await this.element.play().catch(() => undefined);
    }
  }

  private closed = false;

  close(): void {
    this.closed = true;
    this.element.removeEventListener("error", this.onElementError);
    this.element.removeEventListener("waiting", this.onWaiting);
    this.element.removeEventListener("playing", this.onPlaying);
    this.queues.clear();
    this.element.pause();
    this.element.removeAttribute("src");
    this.element.load();
    if (this.url !== undefined) URL.revokeObjectURL(this.url);
  }
}
