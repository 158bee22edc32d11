// VOD over HTTPS (`viewer.play("pb_…")`): catalog.json, then each track's init
// segment and CMAF fragments by segment request into the same MSE backend as
// live, kept a bounded distance ahead of the playhead. Seeking moves the fetch
// position to the fragment holding the new time; ABR switches the video
// rendition between fragments; the end of the last fragment ends the stream.
import { BroadcastViewerError, BroadcastViewerErrorCode as Code } from "../broadcast-errors.ts";
import { videoRenditions } from "../catalog.ts";
import { AbrPolicy } from "./abr-policy.ts";
import type { DelegatedPlayback, EmitViewerEvent } from "./delegated-playback.ts";
import { StallClock } from "./delegated-playback.ts";
import type { BroadcastViewerStats } from "./events.ts";
import { MseBackend } from "./mse-backend.ts";
import type { BroadcastViewerOptions } from "./options.ts";
import { ThroughputMeter } from "./throughput-meter.ts";
import { parseVodCatalog, segmentAt, type VodCatalog, type VodTrack } from "./vod-catalog.ts";

/** Media fetched ahead of the playhead. */
const AHEAD_US = 20_000_000;
/** Buffer below which a throughput shortfall steps down: half of what is fetched ahead. */
const LOW_BUFFER_MS = AHEAD_US / 2000;
const IDLE_POLL_MS = 250;

interface Lane {
  track: VodTrack;
  /** Next segment to fetch. */
  index: number;
}

export class VodPlayback implements DelegatedPlayback {
  private catalog: VodCatalog | undefined;
  private backend: MseBackend | undefined;
  private video: Lane | undefined;
  private audio: Lane | undefined;
  private readonly abr: AbrPolicy;
  private readonly meter = new ThroughputMeter(10_000);
  private readonly stalls: StallClock;
  private startMs = 0;
  private firstFrameMs: number | undefined;
  /** Bumped by every seek: a fetch started before it is dropped. */
  private generation = 0;
  private inFlight: AbortController | undefined;
  private wake: (() => void) | undefined;
  private stopped = false;
  private endedSent = false;

  constructor(
    private readonly element: HTMLVideoElement,
    private readonly catalogUrl: string,
    private readonly emit: EmitViewerEvent,
    private readonly fail: (e: unknown) => void,
    private mode: string,
    private readonly o: BroadcastViewerOptions,
  ) {
    this.abr = new AbrPolicy({ lowBufferMs: LOW_BUFFER_MS, ...o.abr });
    this.stalls = new StallClock(element, emit, () => this.firstFrameMs);
    element.addEventListener("seeking", this.onSeeking);
    element.addEventListener("ended", this.onEnded);
  }

  async start(): Promise<void> {
    this.startMs = performance.now();
    const c = parseVodCatalog(await this.getJson(this.catalogUrl));
    this.catalog = c;
    const videos = videoRenditions(c) as VodTrack[];
    const first = this.mode !== "auto" ? this.mode : this.o.initialRendition;
    const video = videos.find((t) => t.name === first) ?? videos[0];
    const audio = c.tracks.find((t) => t.kind === "audio");
    if (video?.name !== this.mode) this.mode = "auto";
    // Stalls are counted from the element's own events (StallClock).
    const backend = new MseBackend(this.element, {
      error: (e) => this.fail(e),
      waiting: () => undefined,
      playing: () => undefined,
    });
    this.backend = backend;
    void backend.firstFrame.then((shownAtMs) => {
      this.firstFrameMs ??= shownAtMs - this.startMs;
      this.emit("started", { timeToFirstFrameMs: this.firstFrameMs });
    });
    await backend.open(video, audio, c.durationUs / 1e6);
    if (this.stopped) return;
    if (video !== undefined) {
      this.video = { track: video, index: 0 };
      this.emit("rendition", { name: video.name, reason: "initial" });
    }
    if (audio !== undefined) this.audio = { track: audio, index: 0 };
    void this.pump().catch((e) => this.fail(e));
  }

  setRendition(name: string): void {
    const c = this.catalog;
    if (name !== "auto" && c !== undefined && !videoRenditions(c).some((t) => t.name === name)) {
      const names = videoRenditions(c).map((t) => t.name);
      throw new BroadcastViewerError(
        Code.INVALID_ARGUMENT,
        `no video rendition ${name} (renditions: ${names.join(", ")})`,
      );
    }
    this.mode = name;
    this.wake?.();
  }

  /** The next lane to fetch: the one furthest behind; undefined when both are complete. */
  private nextLane(): Lane | undefined {
    const lanes = [this.video, this.audio].filter(
      (l): l is Lane => l !== undefined && l.index < l.track.segments.length,
    );
    return lanes.sort(
      (a, b) => a.track.segments[a.index]!.startUs - b.track.segments[b.index]!.startUs,
    )[0];
  }

  private async pump(): Promise<void> {
    let first = true;
    while (!this.stopped) {
      const lane = this.nextLane();
      const aheadUs =
        lane === undefined
          ? 0
          : lane.track.segments[lane.index]!.startUs - this.element.currentTime * 1e6;
      if (lane === undefined || aheadUs > AHEAD_US) {
        if (lane === undefined) await this.backend?.endOfStream();
        await this.idle();
        continue;
      }
      if (lane === this.video) this.adapt(lane);
      const generation = this.generation;
      const seg = lane.track.segments[lane.index]!;
      const bytes = await this.fetchSegment(new URL(seg.url, this.catalogUrl).href);
      if (bytes === undefined || generation !== this.generation || this.stopped) continue;
      this.backend?.append(lane.track.kind, bytes);
      lane.index++;
      if (first && lane === this.video) {
        first = false;
        void this.backend?.whenAppended().then(() => this.backend?.start());
      }
    }
  }

  /** Waits for a seek, a rendition change or a poll interval. */
  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, IDLE_POLL_MS);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** Applies a pinned rendition or the ABR policy's choice before the next video fragment. */
  private adapt(lane: Lane): void {
    const videos = videoRenditions(this.catalog!) as VodTrack[];
    const current = videos.findIndex((t) => t.name === lane.track.name);
    let next = videos.findIndex((t) => t.name === this.mode);
    const reason = next >= 0 ? "manual" : "auto";
    if (next < 0 && this.firstFrameMs !== undefined) {
      const nowMs = Date.now();
      next = this.abr.choose(
        videos.map((t) => ({ name: t.name, bitrate: t.bitrate ?? 0 })),
        current,
        {
          nowMs,
          throughputBps: this.meter.bitsPerSecond(nowMs),
          deliveryDelayMs: 0,
          bufferAheadMs: this.backend?.bufferAheadMs() ?? 0,
          stalled: this.stalls.stalled,
        },
      );
    }
    const track = videos[next];
    if (track === undefined || next === current) return;
    // Renditions cut fragments on the same keyframes: continue at the same media time.
    const atUs = lane.track.segments[lane.index]!.startUs;
    this.backend?.switchVideo(track);
    lane.track = track;
    lane.index = segmentAt(track.segments, atUs);
    this.emit("rendition", { name: track.name, reason });
  }

  private readonly onSeeking = () => {
    if (this.backend === undefined) return;
    this.generation++;
    this.inFlight?.abort();
    // Continue from the end of what is already buffered around the new playhead.
    const b = this.element.buffered;
    let tUs = this.element.currentTime * 1e6;
    for (let i = 0; i < b.length; i++) {
      if (b.start(i) * 1e6 <= tUs + 100_000 && b.end(i) * 1e6 > tUs) tUs = b.end(i) * 1e6;
    }
    for (const lane of [this.video, this.audio]) {
      if (lane !== undefined) lane.index = segmentAt(lane.track.segments, tUs);
    }
    this.endedSent = false;
    this.wake?.();
  };

  private readonly onEnded = () => {
    if (this.endedSent) return;
    this.endedSent = true;
    this.emit("ended", undefined);
  };

  private async fetchSegment(url: string): Promise<Uint8Array | undefined> {
    const ac = new AbortController();
    this.inFlight = ac;
    try {
      const res = await fetch(url, { signal: ac.signal });
      if (!res.ok) throw this.httpError(url, res.status);
      const bytes = new Uint8Array(await res.arrayBuffer());
      this.meter.add(Date.now(), bytes.byteLength);
      return bytes;
    } catch (e) {
      if (ac.signal.aborted) return undefined;
      throw e instanceof BroadcastViewerError
        ? e
        : new BroadcastViewerError(Code.CONNECTION_FAILED, `GET ${url}: ${(e as Error).message}`, {
            fatal: true,
            cause: e,
          });
    }
  }

  private async getJson(url: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new BroadcastViewerError(
        Code.CONNECTION_FAILED,
        `GET ${url}: ${(e as Error).message}`,
        {
          fatal: true,
          cause: e,
        },
      );
    }
    if (!res.ok) throw this.httpError(url, res.status);
    try {
      return await res.json();
    } catch (e) {
      throw new BroadcastViewerError(Code.INVALID_CATALOG, `${url} is not JSON`, {
        fatal: true,
        cause: e,
      });
    }
  }

  private httpError(url: string, status: number): BroadcastViewerError {
    return status === 404
      ? new BroadcastViewerError(
          Code.NOT_FOUND,
          `no ready asset at ${url} (404): check the playback id`,
          { fatal: true },
        )
      : new BroadcastViewerError(Code.CONNECTION_FAILED, `GET ${url}: HTTP ${status}`, {
          fatal: true,
        });
  }

  stats(): BroadcastViewerStats {
    const b = this.backend;
    const c = this.catalog;
    return {
      latencyMs: 0,
      targetLatencyMs: 0,
      bufferMs: Math.round(b?.bufferAheadMs() ?? 0),
      bitrateBps: Math.round(this.meter.bitsPerSecond(Date.now())),
      rendition: this.video?.track.name,
      renditionMode: this.mode,
      renditions: c ? videoRenditions(c).map((t) => t.name) : [],
      playbackRate: this.element.playbackRate,
      framesShown: b?.framesShown ?? 0,
      droppedFrames: b?.droppedFrames ?? 0,
      rebufferCount: this.stalls.count,
      rebufferMs: this.stalls.ms,
      timeToFirstFrameMs: this.firstFrameMs,
      transport: "https",
      backend: "mse",
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.inFlight?.abort();
    this.wake?.();
    this.stalls.detach();
    this.element.removeEventListener("seeking", this.onSeeking);
    this.element.removeEventListener("ended", this.onEnded);
    this.backend?.close();
  }
}
