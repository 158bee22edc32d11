// Browser side of tests/hls.spec.ts: hls.js (low-latency mode) playing the dev
// server's LL-HLS of a live input, with no MoQT in the page at all.
import Hls from "hls.js";
import {
  type BroadcastViewerError,
  type BroadcastViewerStats,
  Streams,
} from "../../src/streams/index.ts";

interface Playing {
  readonly currentTimeS: number;
  /** Wall-clock ms of the frame on screen (EXT-X-PROGRAM-DATE-TIME), 0 when unknown. */
  readonly playingDateMs: number;
  readonly lowLatency: boolean;
  readonly width: number;
}

let hls: Hls | undefined;
const errors: string[] = [];

const api = {
  /** Starts playback of `url`; resolves once frames advance past `minTimeS`. */
  async play(url: string, minTimeS: number, timeoutMs: number): Promise<Playing> {
    const video = document.querySelector("video")!;
    hls = new Hls({ lowLatencyMode: true });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) errors.push(`${data.type}: ${data.details}`);
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    await video.play().catch(() => {});
    const deadline = performance.now() + timeoutMs;
    while (video.currentTime < minTimeS) {
      if (errors.length > 0) throw new Error(errors.join("; "));
      if (performance.now() > deadline) throw new Error(`stuck at ${video.currentTime} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      currentTimeS: video.currentTime,
      playingDateMs: hls.playingDate?.getTime() ?? 0,
      lowLatency: hls.lowLatencyMode,
      width: video.videoWidth,
    };
  },

  /** Fatal errors hls.js reported (e.g. a refused playlist). */
  async errorsAfter(url: string, waitMs: number): Promise<string[]> {
    const video = document.querySelector("video")!;
    hls = new Hls({
      lowLatencyMode: true,
      manifestLoadPolicy: {
        default: {
          maxTimeToFirstByteMs: 5000,
          maxLoadTimeMs: 5000,
          timeoutRetry: null,
          errorRetry: null,
        },
      },
    });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) errors.push(`${data.details} ${data.response?.code ?? ""}`.trim());
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    await new Promise((r) => setTimeout(r, waitMs));
    return errors;
  },

  /**
   * The SDK's viewer on a signed playback URL (WebTransport may have been
   * removed from the page): plays `advanceS` past the first frame; its stats and events.
   */
  async viewerPlay(
    signedUrl: string,
    apiBase: string,
    transport: "auto" | "hls",
    advanceS: number,
    timeoutMs: number,
  ): Promise<{ stats: BroadcastViewerStats; events: string[]; hasWebTransport: boolean }> {
    const video = document.querySelector("video")!;
    const viewer = new Streams({ apiBase }).viewer({ transport });
    const events: string[] = [];
    let latencyEvents = 0;
    let startS: number | undefined;
    viewer.on("started", () => {
      events.push("started");
      startS ??= video.currentTime;
    });
    viewer.on("rendition", (e) => events.push(`rendition ${e.name}`));
    viewer.on("latency", () => latencyEvents++);
    viewer.on("error", (e: BroadcastViewerError) => events.push(`error ${e.code}: ${e.message}`));
    viewer.attach(video);
    await viewer.play(signedUrl);
    const deadline = performance.now() + timeoutMs;
    while (startS === undefined || video.currentTime < startS + advanceS || latencyEvents < 2) {
      if (performance.now() > deadline) throw new Error(`stuck at ${video.currentTime} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const stats = viewer.stats();
    await viewer.stop();
    return { stats, events, hasWebTransport: "WebTransport" in globalThis };
  },

  stop(): void {
    hls?.destroy();
  },
};

export type HlsHarnessApi = typeof api;
(window as unknown as { hlsHarness: HlsHarnessApi }).hlsHarness = api;
