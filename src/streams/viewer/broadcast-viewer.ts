// BroadcastViewer: a pipeline of small parts — a source (MoQT live) delivering
// the catalog and CMAF chunks, a render backend playing them (MediaSource into
// a <video>, or WebCodecs into a <canvas>), an ABR policy choosing the rendition,
// a latency target measured from the delivery and a latency controller holding it.
import { TypedEmitter } from "../../moqt/session/emitter.ts";
import { hasWorkingWebTransport } from "../../transport/connect-plan.ts";
import { BroadcastViewerError, BroadcastViewerErrorCode as Code } from "../broadcast-errors.ts";
import {
  type Catalog,
  type CatalogTrack,
  diffCatalog,
  fromBase64,
  videoRenditions,
} from "../catalog.ts";
import { readInitSegment } from "../cmaf/read.ts";
import { AbrPolicy } from "./abr-policy.ts";
import { BroadcastCapture, type BroadcastCaptureOptions } from "./broadcast-capture.ts";
import { prepareCanvas } from "./canvas-renderer.ts";
import type { DelegatedPlayback } from "./delegated-playback.ts";
import type { BroadcastViewerEvents, BroadcastViewerStats } from "./events.ts";
import { fragmentTiming } from "./fragment-timing.ts";
import { HlsPlayback, hlsPlaylistUrl } from "./hls-fallback.ts";
import { httpBase, vodCatalogUrl } from "./http-base.ts";
import { latencyAction } from "./latency-controller.ts";
import { LatencyTarget } from "./latency-target.ts";
import { MoqtSource } from "./moqt-source.ts";
import { MseBackend } from "./mse-backend.ts";
import type { BroadcastViewerOptions } from "./options.ts";
import { type PlaybackTarget, playbackTarget } from "./playback-target.ts";
import type { RenderBackend } from "./render-backend.ts";
import { RenditionSplice } from "./rendition-splice.ts";
import type { BroadcastSource, MediaObject } from "./source.ts";
import { ThroughputMeter } from "./throughput-meter.ts";
import { VodPlayback } from "./vod-playback.ts";
import { WebCodecsBackend } from "./webcodecs-backend.ts";

const TICK_MS = 250;
/** Most media a stalled viewer waits for beyond a gap before it skips it, ms. */
const RESUME_AHEAD_MAX_MS = 1000;
/** No video for this long while playing means the publisher went away. */
const NO_DATA_MS = 3000;
/** ABR waits this long after the first frame before judging. */
const ABR_SETTLE_MS = 2000;
/** Latency target before any media arrived to measure one from. */
const DEFAULT_TARGET_MS = 500;

interface HeldObject {
  readonly obj: MediaObject;
  readonly arrivalMs: number;
}

/**
 * Plays a live broadcast — into a `<video>` through MediaSource, or into a
 * `<canvas>` (or a `<video>` without MediaSource) through WebCodecs: late join
 * at the newest Group, ABR between the catalog's renditions (switching at Group
 * boundaries), latency held near `targetLatencyMs`.
 */
export class BroadcastViewer {
  private readonly events = new TypedEmitter<BroadcastViewerEvents>();
  private element: HTMLVideoElement | HTMLCanvasElement | undefined;
  private source: BroadcastSource | undefined;
  /** VOD (`pb_…`) or LL-HLS playback, when not live MoQT. */
  private delegate: DelegatedPlayback | undefined;
  private backend: RenderBackend | undefined;
  private catalog: Catalog | undefined;
  private video: CatalogTrack | undefined;
  private audio: CatalogTrack | undefined;
  private splice: RenditionSplice | undefined;
  private mode = "auto";
  private abr: AbrPolicy;
  private readonly meter = new ThroughputMeter(2000);
  private timer: ReturnType<typeof setInterval> | undefined;
  private playStartMs = 0;
  private firstFrameMs: number | undefined;
  private wallOffsetMs: number | undefined;
  private readonly target = new LatencyTarget();
  /** The newest video Object not yet measured (one per task: a burst counts once). */
  private newest: { arrivalMs: number; captureMs: number } | undefined;
  private measuring = false;
  /** The backend whose playback was started (at the live edge). */
  private startedBackend: RenderBackend | undefined;
  private deliveryDelayMs = 0;
  private lastVideoMs = 0;
  private stall: { sinceMs: number } | undefined;
  private rebufferCount = 0;
  private rebufferMs = 0;
  private latencyMs = 0;
  private stopped = false;
  private videoEndMs = 0;
  private readonly timescales = new Map<string, number>();
  private opening: Promise<void> | undefined;
  /** Objects that arrived while the backend was opening, in arrival order. */
  private held: HeldObject[] | undefined;

  /**
   * Headless capture for Node and Deno (no DOM): subscribes to the broadcast at
   * `url` (a signed playback URL) and hands out its CMAF init segment, then its
   * fragments, through `onChunk`; `onClose("auth_failed", …)` when the token is
   * refused, `"ended"` when the broadcast ends. The relay closes the session at
   * the token's `expiresAt`: for longer captures, mint a new URL before then,
   * open a second capture and close the first once the second delivers.
   */
  static open(url: string, options: BroadcastCaptureOptions): BroadcastCapture {
    return new BroadcastCapture(url, options);
  }

  constructor(private readonly o: BroadcastViewerOptions = {}) {
    if (o.targetLatencyMs !== undefined && !(o.targetLatencyMs > 0)) {
      throw new BroadcastViewerError(
        Code.INVALID_ARGUMENT,
        `targetLatencyMs must be > 0, got ${o.targetLatencyMs}`,
      );
    }
    if (o.backend !== undefined && !["auto", "mse", "webcodecs"].includes(o.backend)) {
      throw new BroadcastViewerError(
        Code.INVALID_ARGUMENT,
        `backend must be "auto", "mse" or "webcodecs", got ${String(o.backend)}`,
      );
    }
    this.abr = new AbrPolicy(o.abr);
    if (o.onStarted !== undefined) this.events.on("started", () => o.onStarted?.());
    if (o.onError !== undefined) this.events.on("error", (e) => o.onError?.(e));
  }

  on<K extends keyof BroadcastViewerEvents>(
    type: K,
    listener: (e: BroadcastViewerEvents[K]) => void,
  ): () => void {
    return this.events.on(type, listener);
  }

  off<K extends keyof BroadcastViewerEvents>(
    type: K,
    listener: (e: BroadcastViewerEvents[K]) => void,
  ): void {
    this.events.off(type, listener);
  }

  /**
   * Renders into `element`: a `<video>` (MediaSource, or WebCodecs with
   * `backend: "webcodecs"` or where MediaSource is missing) or a `<canvas>`
   * (WebCodecs). Call before `play`.
   */
  attach(element: HTMLVideoElement | HTMLCanvasElement): void {
    const video = typeof HTMLVideoElement !== "undefined" && element instanceof HTMLVideoElement;
    const canvas = typeof HTMLCanvasElement !== "undefined" && element instanceof HTMLCanvasElement;
    if (!video && !canvas) {
      throw new BroadcastViewerError(
        Code.INVALID_ARGUMENT,
        "attach() takes a <video> or a <canvas> element",
      );
    }
    if (canvas && this.o.backend === "mse") {
      throw new BroadcastViewerError(
        Code.INVALID_ARGUMENT,
        'backend "mse" plays into a <video>: attach a <video>, or use backend "webcodecs"',
      );
    }
    this.element = element;
    if (canvas) prepareCanvas(element);
  }

  /** The backend for the attached element: MediaSource for a <video> unless told or unable. */
  private createBackend(): RenderBackend {
    const el = this.element!;
    const cb = {
      error: (e: BroadcastViewerError) => this.fail(e),
      waiting: () => this.beginStall("buffering"),
      playing: () => this.endStall(),
      audioSuspended: () => this.events.emit("audiosuspended", undefined),
    };
    const kind = this.o.backend ?? "auto";
    const mse =
      el instanceof HTMLVideoElement &&
      (kind === "mse" || (kind === "auto" && typeof MediaSource !== "undefined"));
    return mse ? new MseBackend(el, cb, true) : new WebCodecsBackend(el, cb);
  }

  /**
   * Plays a live stream: a live input id (`lv_…`, with the `relayUrl` and `token`
   * options), a namespace path (`stream/<org>/<input_id>`), or a signed playback
   * URL. Resolves once the relay accepted the session; rejects (and reports
   * through `onError`) with `auth_failed` when it refuses the token.
   * A VOD playback id (`pb_…`) plays the packaged asset over HTTPS from
   * `<apiBase>/vod/<pb_…>/catalog.json`: seekable, `ended` at its end.
   */
  async play(source: string, options: { namespace?: string } = {}): Promise<void> {
    const busy = this.source !== undefined || this.delegate !== undefined;
    if (this.element === undefined || this.stopped || busy) {
      throw new BroadcastViewerError(
        Code.INVALID_STATE,
        this.stopped
          ? "the viewer was stopped"
          : busy
            ? "play() was already called"
            : "call attach(videoElement) before play()",
      );
    }
    if (typeof source === "string" && source.startsWith("pb_")) {
      const url = vodCatalogUrl(httpBase(this.o.apiBase, this.o.relayUrl), source);
      return this.playDelegated(
        new VodPlayback(this.videoElement(), url, this.emit, this.failure, this.mode, this.o),
      );
    }
    const target = playbackTarget(source, this.o.relayUrl, this.o.token, options.namespace);
    const transport = this.o.transport ?? "auto";
    const noWebTransport = !hasWorkingWebTransport() && this.o.client?.transport !== "websocket";
    if (transport === "hls" || (transport === "auto" && noWebTransport))
      return this.playHls(target);
    this.playStartMs = performance.now();
    const src = new MoqtSource(target, this.o.client, transport === "auto");
    this.source = src;
    src.on("error", (e) => (this.canFallBack(e) ? this.fallBack(target) : this.fail(e)));
    src.on("catalog", (c) => this.onCatalog(c));
    src.on("object", (obj) => this.onObject(obj));
    this.timer = setInterval(() => this.tick(), TICK_MS);
    try {
      await src.ready();
    } catch (e) {
      if (this.canFallBack(e)) return this.fallBack(target);
      this.fail(e as BroadcastViewerError);
      throw e;
    }
  }

  /** A MoQT failure LL-HLS can get around: the connection, before anything played (not auth). */
  private canFallBack(e: unknown): boolean {
    return (
      (this.o.transport ?? "auto") === "auto" &&
      (e as BroadcastViewerError).code === Code.CONNECTION_FAILED &&
      this.firstFrameMs === undefined &&
      !this.stopped
    );
  }

  /** Leaves the failed MoQT path for LL-HLS of the same broadcast (once). */
  private fallBack(target: PlaybackTarget): Promise<void> {
    if (this.delegate !== undefined) return Promise.resolve();
    clearInterval(this.timer);
    const src = this.source;
    this.source = undefined;
    void src?.close().catch(() => undefined);
    return this.playHls(target);
  }

  private playHls(target: PlaybackTarget): Promise<void> {
    const url = hlsPlaylistUrl(httpBase(this.o.apiBase, this.o.relayUrl ?? target.url), target);
    return this.playDelegated(
      new HlsPlayback(this.videoElement(), url, this.emit, this.failure, this.mode),
    );
  }

  /** The attached element for VOD and LL-HLS, which play into a <video> only. */
  private videoElement(): HTMLVideoElement {
    const el = this.element;
    if (!(el instanceof HTMLVideoElement)) {
      throw new BroadcastViewerError(
        Code.UNSUPPORTED,
        "VOD and LL-HLS playback need a <video>: attach one instead of a <canvas>",
      );
    }
    return el;
  }

  private readonly emit = <K extends keyof BroadcastViewerEvents>(
    type: K,
    e: BroadcastViewerEvents[K],
  ) => this.events.emit(type, e);
  private readonly failure = (e: unknown) => this.fail(e);

  private async playDelegated(d: DelegatedPlayback): Promise<void> {
    this.delegate = d;
    this.playStartMs = performance.now();
    try {
      await d.start();
    } catch (e) {
      this.fail(e);
      throw e;
    }
  }

  /**
   * Pins a rendition (a catalog track name) or returns to automatic choice
   * ("auto"). Before the catalog has arrived, the pin applies when it does;
   * after, an unknown name throws INVALID_ARGUMENT listing the renditions.
   */
  setRendition(name: string): void {
    if (typeof name !== "string" || name === "") {
      throw new BroadcastViewerError(
        Code.INVALID_ARGUMENT,
        'setRendition takes a rendition name or "auto"',
      );
    }
    if (this.delegate !== undefined) {
      this.delegate.setRendition(name);
      this.mode = name;
      return;
    }
    if (name === "auto" || this.catalog === undefined) {
      this.mode = name;
      return;
    }
    const track = this.catalog.tracks.find((t) => t.name === name && t.kind === "video");
    if (track === undefined) {
      const names = videoRenditions(this.catalog).map((t) => t.name);
      throw new BroadcastViewerError(
        Code.INVALID_ARGUMENT,
        `no video rendition ${name} (renditions: ${names.join(", ")})`,
      );
    }
    this.mode = name;
    if (track.name !== (this.splice?.to ?? this.video)?.name) this.beginSwitch(track, "manual");
  }

  private onCatalog(c: Catalog): void {
    const before = this.catalog;
    this.catalog = c;
    if (c.tracks.length === 0) {
      if (before !== undefined && before.tracks.length > 0) this.events.emit("ended", undefined);
      return;
    }
    const diff = diffCatalog(before, c);
    const touched = [...diff.changed, ...diff.removed].some(
      (t) => t.name === this.video?.name || t.name === this.audio?.name,
    );
    if (this.backend !== undefined && !touched) return;
    // First catalog, or the tracks playing changed (a new publisher): (re)open the pipeline.
    this.opening = this.open(c).catch((e) => this.fail(e));
  }

  private async open(c: Catalog): Promise<void> {
    this.backend?.close();
    this.backend = undefined;
    this.splice = undefined;
    this.wallOffsetMs = undefined;
    this.target.reset();
    this.videoEndMs = 0;
    this.timescales.clear();
    const videos = videoRenditions(c);
    const pinned = this.mode !== "auto" ? this.mode : this.o.initialRendition;
    const video = videos.find((t) => t.name === pinned) ?? videos[0];
    const audio = c.tracks.find((t) => t.kind === "audio");
    const backend = this.createBackend();
    this.backend = backend;
    this.video = video;
    this.audio = audio;
    void backend.firstFrame.then((shownAtMs) => {
      if (this.firstFrameMs !== undefined || this.backend !== backend) return;
      this.firstFrameMs = shownAtMs - this.playStartMs;
      this.events.emit("started", { timeToFirstFrameMs: this.firstFrameMs });
    });
    // Subscribe at once, while the backend opens (MediaSource, decoders): the
    // Objects arriving meanwhile wait in `held` and are appended once it is open.
    const held: HeldObject[] = [];
    this.held = held;
    this.source?.select([video?.name, audio?.name].filter((n): n is string => n !== undefined));
    try {
      await backend.open(video, audio);
    } finally {
      if (this.held === held) this.held = undefined;
    }
    if (this.stopped || this.backend !== backend) return;
    if (video !== undefined) this.events.emit("rendition", { name: video.name, reason: "initial" });
    for (const h of held) this.onObject(h.obj, h.arrivalMs);
  }

  private beginSwitch(track: CatalogTrack, reason: "auto" | "manual"): void {
    if (this.video === undefined || this.backend === undefined) return;
    // Both renditions flow until the splice; then the old one is dropped.
    const ts = this.timescaleOf(track);
    this.splice = new RenditionSplice(
      this.video.name,
      track,
      reason,
      (o) => fragmentTiming(o.bytes, ts).startMs,
    );
    this.source?.select([this.video.name, track.name, ...(this.audio ? [this.audio.name] : [])]);
  }

  private onObject(obj: MediaObject, arrivalMs = Date.now()): void {
    if (this.held !== undefined) {
      this.held.push({ obj, arrivalMs });
      return;
    }
    const backend = this.backend;
    if (backend === undefined) return;
    if (obj.track === this.audio?.name) {
      this.meter.add(arrivalMs, obj.bytes.byteLength);
      backend.append("audio", obj.bytes);
      // Audio can come later than the video of the same moment (each track's capture is
      // mapped to the page clock on its own): the target covers it, so none plays late.
      if (obj.tsUs > 0) this.target.observe(arrivalMs, obj.tsUs / 1000);
      return;
    }
    const splice = this.splice;
    if (splice?.concerns(obj)) {
      const d = splice.offer(obj, this.videoEndMs, arrivalMs);
      if (d.switchNow) {
        this.splice = undefined;
        backend.switchVideo(splice.to);
        this.video = splice.to;
        this.source?.select([splice.to.name, ...(this.audio ? [this.audio.name] : [])]);
        this.events.emit("rendition", { name: splice.to.name, reason: splice.reason });
      }
      for (const o of d.append) this.appendVideo(backend, o, arrivalMs);
    } else if (obj.track === this.video?.name) this.appendVideo(backend, obj, arrivalMs);
  }

  private appendVideo(backend: RenderBackend, obj: MediaObject, arrivalMs: number): void {
    this.meter.add(arrivalMs, obj.bytes.byteLength);
    this.lastVideoMs = arrivalMs;
    const t = fragmentTiming(obj.bytes, this.timescaleOf(this.video!));
    this.videoEndMs = t.startMs + t.durationMs;
    if (obj.tsUs > 0) {
      this.wallOffsetMs = obj.tsUs / 1000 - t.startMs;
      this.deliveryDelayMs = arrivalMs - (obj.tsUs / 1000 + t.durationMs);
    }
    backend.append("video", obj.bytes);
    this.newest = { arrivalMs, captureMs: obj.tsUs / 1000 };
    if (!this.measuring) {
      this.measuring = true;
      // After the task that delivered it: a late joiner's Group (or a re-joined one
      // after a reconnect) arrives in one task, and only its newest Object is live.
      queueMicrotask(() => this.measure(backend));
    }
  }

  private measure(backend: RenderBackend): void {
    this.measuring = false;
    const n = this.newest;
    if (n === undefined || backend !== this.backend) return;
    if (n.captureMs > 0) this.target.observe(n.arrivalMs, n.captureMs);
    if (this.startedBackend === backend) return;
    this.startedBackend = backend;
    // Late join: the Group so far is appended; play from the target behind the live edge.
    void backend.whenAppended().then(() => backend.start(this.livePositionMs()));
  }

  /** Media time (ms) `targetLatencyMs` behind now, when the wall clock of the media is known. */
  private livePositionMs(): number | undefined {
    if (this.wallOffsetMs === undefined) return undefined;
    return Math.min(this.videoEndMs, Date.now() - this.targetLatencyMs() - this.wallOffsetMs);
  }

  private timescaleOf(track: CatalogTrack): number {
    let ts = this.timescales.get(track.name);
    if (ts === undefined) {
      ts = readInitSegment(fromBase64(track.initData!)).timescale;
      this.timescales.set(track.name, ts);
    }
    return ts;
  }

  /** The app's target, else the delivery delay measured plus what the backend needs ahead. */
  private targetLatencyMs(): number {
    if (this.o.targetLatencyMs !== undefined) return this.o.targetLatencyMs;
    const measuredMs = this.target.targetMs;
    return measuredMs === undefined
      ? DEFAULT_TARGET_MS
      : measuredMs + (this.backend?.minAheadMs ?? 0);
  }

  private tick(): void {
    const b = this.backend;
    if (b === undefined || this.stopped) return;
    // After an outage, go on only with half the target latency (at most 1 s) in hand: resuming on
    // the first fragment leaves a buffer thinner than the next one's arrival, and stalls again.
    const resumeMs = Math.min(this.targetLatencyMs() / 2, RESUME_AHEAD_MAX_MS);
    if (b.skipGap(this.stall === undefined ? 0 : resumeMs)) void b.play();
    const nowMs = Date.now();
    if (
      this.firstFrameMs !== undefined &&
      this.lastVideoMs > 0 &&
      nowMs - this.lastVideoMs > NO_DATA_MS
    ) {
      this.beginStall("no_data");
    }
    if (this.wallOffsetMs === undefined) return;
    this.latencyMs = nowMs - (b.currentTimeS * 1000 + this.wallOffsetMs);
    const target = this.targetLatencyMs();
    const bufferAheadMs = b.bufferAheadMs();
    const action = latencyAction({
      latencyMs: this.latencyMs,
      bufferAheadMs,
      edgeAheadMs: b.edgeAheadMs(),
      targetLatencyMs: target,
      minAheadMs: b.minAheadMs,
    });
    // No latency jumps while stalled: each seek of a waiting <video> is one more `waiting`.
    if (action.seekAheadMs > 0 && this.stall === undefined) b.seekBy(action.seekAheadMs);
    b.setRate(action.playbackRate);
    this.events.emit("latency", {
      latencyMs: this.latencyMs,
      targetLatencyMs: target,
      playbackRate: action.playbackRate,
    });
    this.adapt(nowMs, bufferAheadMs);
  }

  private adapt(nowMs: number, bufferAheadMs: number): void {
    if (this.mode !== "auto" || this.splice !== undefined || this.catalog === undefined) return;
    // The first Group comes from the relay's cache (old by nature): judge the path after it.
    if (
      this.firstFrameMs === undefined ||
      performance.now() - this.playStartMs < this.firstFrameMs + ABR_SETTLE_MS
    )
      return;
    const videos = videoRenditions(this.catalog);
    const current = videos.findIndex((t) => t.name === this.video?.name);
    const next = this.abr.choose(
      videos.map((t) => ({ name: t.name, bitrate: t.bitrate ?? 0 })),
      current,
      {
        nowMs,
        throughputBps: this.meter.bitsPerSecond(nowMs),
        deliveryDelayMs: this.deliveryDelayMs,
        bufferAheadMs,
        stalled: this.stall !== undefined,
      },
    );
    const track = videos[next];
    if (next !== current && track !== undefined) this.beginSwitch(track, "auto");
  }

  private beginStall(reason: "buffering" | "no_data"): void {
    if (this.stall !== undefined || this.firstFrameMs === undefined || this.stopped) return;
    this.stall = { sinceMs: performance.now() };
    this.rebufferCount++;
    this.events.emit("stalled", { reason });
  }

  private endStall(): void {
    const s = this.stall;
    if (s === undefined) return;
    this.stall = undefined;
    const stalledMs = performance.now() - s.sinceMs;
    this.rebufferMs += stalledMs;
    // The path lacked about what playback waited: hold that much more latency.
    this.target.stalled(Date.now(), stalledMs);
    this.events.emit("resumed", { stalledMs: Math.round(stalledMs) });
  }

  /** Latency, buffer, bitrate, rendition, frames and rebuffering so far. */
  stats(): BroadcastViewerStats {
    if (this.delegate !== undefined) return this.delegate.stats();
    const b = this.backend;
    return {
      latencyMs: Math.round(this.latencyMs),
      targetLatencyMs: this.targetLatencyMs(),
      bufferMs: Math.round(b?.bufferAheadMs() ?? 0),
      bitrateBps: Math.round(this.meter.bitsPerSecond(Date.now())),
      rendition: this.video?.name,
      renditionMode: this.mode,
      renditions: this.catalog ? videoRenditions(this.catalog).map((t) => t.name) : [],
      playbackRate: b?.playbackRate ?? 1,
      backend:
        b instanceof WebCodecsBackend ? "webcodecs" : b instanceof MseBackend ? "mse" : undefined,
      framesShown: b?.framesShown ?? 0,
      droppedFrames: b?.droppedFrames ?? 0,
      framesLate: b?.framesLate,
      rebufferCount: this.rebufferCount,
      rebufferMs: Math.round(
        this.rebufferMs + (this.stall ? performance.now() - this.stall.sinceMs : 0),
      ),
      timeToFirstFrameMs: this.firstFrameMs,
      transport: "moqt",
      audio: b?.audioStats?.(),
    };
  }

  private fail(e: unknown): void {
    const err =
      e instanceof BroadcastViewerError
        ? e
        : new BroadcastViewerError(Code.DECODE_ERROR, String(e), { fatal: true, cause: e });
    if (this.stopped) return;
    this.events.emit("error", err);
    if (err.fatal) void this.stop();
  }

  /** Stops playback, closes the relay session and detaches from the element. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    await this.opening?.catch(() => undefined);
    this.backend?.close();
    this.backend = undefined;
    this.events.emit("ended", undefined);
    this.events.removeAll();
    await this.delegate?.stop();
    await this.source?.close();
  }
}
