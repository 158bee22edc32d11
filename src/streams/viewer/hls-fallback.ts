// The LL-HLS fallback (seed 002 "Fallback"): the same broadcast's CMAF bytes
// as LL-HLS over HTTPS, played by hls.js through MediaSource (or natively where
// the browser plays HLS itself). hls.js is loaded only when this path is taken.
import { BroadcastViewerError, BroadcastViewerErrorCode as Code } from "../broadcast-errors.ts";
import type { DelegatedPlayback, EmitViewerEvent } from "./delegated-playback.ts";
import { StallClock } from "./delegated-playback.ts";
import type { BroadcastViewerStats } from "./events.ts";
import type { PlaybackTarget } from "./playback-target.ts";
import { ThroughputMeter } from "./throughput-meter.ts";

type HlsClass = typeof import("hls.js")["default"];
type Hls = InstanceType<HlsClass>;

/**
 * hls.js: the page's global `Hls` (hls.js's script tag, what the script-tag
 * bundle relies on) or the module, loaded on first use.
 */
async function loadHls(): Promise<HlsClass> {
  const global = (globalThis as { Hls?: HlsClass }).Hls;
  if (global !== undefined) return global;
  try {
    return (await import("hls.js")).default;
  } catch (e) {
    throw new BroadcastViewerError(
      Code.UNSUPPORTED,
      "the LL-HLS fallback needs hls.js: load its script (global Hls) before the viewer plays",
      { fatal: true, cause: e },
    );
  }
}

const TICK_MS = 250;

/** The multivariant playlist URL of `target`'s broadcast under `base`, with its token. */
export function hlsPlaylistUrl(base: string, target: PlaybackTarget): string {
  const id = target.namespace.split("/").at(-1) ?? "";
  const token = target.token ?? new URL(target.url).searchParams.get("tok") ?? undefined;
  const query = token === undefined ? "" : `?tok=${encodeURIComponent(token)}`;
  return `${base}/hls/${encodeURIComponent(id)}/index.m3u8${query}`;
}

/** The catalog track name of an hls.js level ("video/720p"), from its playlist path. */
function levelName(level: { uri: string; height: number }): string {
  const m = /\/hls\/[^/]+\/(.+)\/index\.m3u8/.exec(new URL(level.uri, "http://x/").pathname);
  return m?.[1] ?? `video/${level.height}p`;
}

export class HlsPlayback implements DelegatedPlayback {
  private hls: Hls | undefined;
  private readonly stalls: StallClock;
  private readonly meter = new ThroughputMeter(2000);
  private timer: ReturnType<typeof setInterval> | undefined;
  private startMs = 0;
  private firstFrameMs: number | undefined;
  private latencyMs = 0;
  private framesShown = 0;
  private stopped = false;

  constructor(
    private readonly element: HTMLVideoElement,
    private readonly url: string,
    private readonly emit: EmitViewerEvent,
    private readonly fail: (e: unknown) => void,
    private mode: string,
  ) {
    this.stalls = new StallClock(element, emit, () => this.firstFrameMs);
    element.addEventListener("ended", this.onEnded);
  }

  async start(): Promise<void> {
    this.startMs = performance.now();
    this.watchFrames();
    const Hls = await loadHls();
    if (this.stopped) return;
    if (!Hls.isSupported()) {
      if (this.element.canPlayType("application/vnd.apple.mpegurl") === "") {
        throw new BroadcastViewerError(
          Code.UNSUPPORTED,
          "this browser has neither WebTransport, MediaSource nor native HLS",
          { fatal: true },
        );
      }
      this.element.src = this.url;
      await this.play();
      return;
    }
    const hls = new Hls({ lowLatencyMode: true });
    this.hls = hls;
    const reachable = new Promise<void>((resolve, reject) => {
      hls.once(Hls.Events.MANIFEST_PARSED, () => resolve());
      hls.on(Hls.Events.ERROR, (_e, data) => {
        if (!data.fatal) return;
        const err = this.errorOf(data.details, data.response?.code, data.error);
        reject(err);
        this.fail(err);
      });
    });
    hls.on(Hls.Events.FRAG_LOADED, (_e, d) =>
      this.meter.add(Date.now(), d.frag.stats.total || d.payload.byteLength),
    );
    hls.on(Hls.Events.LEVEL_SWITCHED, (_e, d) => {
      const level = hls.levels[d.level];
      if (level === undefined) return;
      const reason = this.mode === "auto" ? "auto" : "manual";
      this.emit("rendition", { name: levelName(level), reason });
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      const pinned = hls.levels.findIndex((l) => levelName(l) === this.mode);
      if (pinned >= 0) hls.currentLevel = pinned;
      void this.play();
    });
    hls.loadSource(this.url);
    hls.attachMedia(this.element);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    await reachable;
  }

  private errorOf(details: string, status: number | undefined, cause: unknown) {
    if (status === 401 || status === 403) {
      return new BroadcastViewerError(
        Code.AUTH_FAILED,
        `the server refused the playback token (HTTP ${status})`,
        { fatal: true, cause },
      );
    }
    if (status === 404) {
      return new BroadcastViewerError(Code.NOT_FOUND, `no live stream at ${this.url}`, {
        fatal: true,
        cause,
      });
    }
    const media = /buffer|media|codec/i.test(details);
    return new BroadcastViewerError(
      media ? Code.DECODE_ERROR : Code.CONNECTION_FAILED,
      `LL-HLS: ${details}`,
      { fatal: true, cause },
    );
  }

  private async play(): Promise<void> {
    try {
      await this.element.play();
    } catch (e) {
      if ((e as DOMException).name !== "NotAllowedError") return;
      this.element.muted = true;
      await this.element.play().catch(() => undefined);
    }
  }

  private watchFrames(): void {
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      if (this.stopped) return;
      this.framesShown = meta.presentedFrames;
      if (this.firstFrameMs === undefined) {
        this.firstFrameMs = performance.now() - this.startMs;
        this.emit("started", { timeToFirstFrameMs: this.firstFrameMs });
      }
      this.element.requestVideoFrameCallback(onFrame);
    };
    this.element.requestVideoFrameCallback(onFrame);
  }

  private tick(): void {
    const hls = this.hls;
    const dateMs = hls?.playingDate?.getTime();
    if (hls === undefined || dateMs === undefined) return;
    // Glass to glass: the frame showing was captured at its EXT-X-PROGRAM-DATE-TIME.
    this.latencyMs = Date.now() - dateMs;
    this.emit("latency", {
      latencyMs: this.latencyMs,
      targetLatencyMs: this.targetLatencyMs(),
      playbackRate: this.element.playbackRate,
    });
  }

  private targetLatencyMs(): number {
    return Math.round((this.hls?.targetLatency ?? 0) * 1000);
  }

  private readonly onEnded = () => this.emit("ended", undefined);

  setRendition(name: string): void {
    const hls = this.hls;
    if (hls === undefined || hls.levels.length === 0) {
      this.mode = name;
      return;
    }
    const i = name === "auto" ? -1 : hls.levels.findIndex((l) => levelName(l) === name);
    if (i < 0 && name !== "auto") {
      throw new BroadcastViewerError(
        Code.INVALID_ARGUMENT,
        `no video rendition ${name} (renditions: ${hls.levels.map(levelName).join(", ")})`,
      );
    }
    this.mode = name;
    hls.nextLevel = i;
  }

  stats(): BroadcastViewerStats {
    const hls = this.hls;
    const el = this.element;
    const b = el.buffered;
    const bufferMs = b.length > 0 ? Math.max(0, b.end(b.length - 1) - el.currentTime) * 1000 : 0;
    const level = hls?.levels[hls.currentLevel];
    return {
      latencyMs: Math.round(this.latencyMs),
      targetLatencyMs: this.targetLatencyMs(),
      bufferMs: Math.round(bufferMs),
      bitrateBps: Math.round(this.meter.bitsPerSecond(Date.now())),
      rendition: level === undefined ? undefined : levelName(level),
      renditionMode: this.mode,
      renditions: hls?.levels.map(levelName) ?? [],
      playbackRate: el.playbackRate,
      framesShown: this.framesShown,
      droppedFrames: el.getVideoPlaybackQuality?.().droppedVideoFrames ?? 0,
      rebufferCount: this.stalls.count,
      rebufferMs: this.stalls.ms,
      timeToFirstFrameMs: this.firstFrameMs,
      transport: "hls",
      backend: "mse",
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.stalls.detach();
    this.element.removeEventListener("ended", this.onEnded);
    this.hls?.destroy();
    this.element.removeAttribute("src");
    this.element.load();
  }
}
