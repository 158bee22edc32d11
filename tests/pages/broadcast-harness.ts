// Browser side of tests/broadcast.spec.ts and bench/broadcast.bench.ts: one page
// is a publisher (fake camera or a canvas clock) or a viewer (a <video>), driven
// through `window.bc`. Events are recorded for the test to poll.
import { clockStream } from "../../demos/broadcast/clock-source.ts";
import { readTimeCode, timeCodeHeight } from "../../demos/broadcast/time-code.ts";
import {
  BroadcastPublisher,
  type BroadcastPublisherOptions,
  type BroadcastPublisherStats,
  type BroadcastViewer,
  type BroadcastViewerStats,
  type Catalog,
  Streams,
} from "../../src/streams/index.ts";
import "../../src/transport/qmux.ts";
import { beepStream, type Heard, listen } from "./audio-tap.ts";
import {
  type PublisherTrace,
  tracePublisher,
  traceViewer,
  type ViewerFrame,
} from "./broadcast-trace.ts";
import { type JoinMark, joinMarks, joinShown, joinStarted, traceJoin } from "./join-trace.ts";
import { type PlaybackSample, tracePlayback } from "./playback-trace.ts";
import { webcodecsLoopbackMs } from "./webcodecs-loopback.ts";

export interface PublishArgs {
  readonly relay: string;
  readonly namespace: string;
  /** "clock-beep": the canvas clock with a 1 kHz beep on every wall-clock second. */
  readonly source: "camera" | "clock" | "clock-beep";
  readonly options?: BroadcastPublisherOptions;
  readonly inputId?: string;
  readonly streamKey?: string;
}

/** Recipe 1's control-plane and publishing steps, run in this page. */
export interface GoLiveArgs {
  /** The control plane (the dev server's `api`, `apiKey`, `orgId`). */
  readonly api: string;
  readonly apiKey: string;
  readonly orgId: string;
  /** Relay base URL with no path: the publisher dials `/publish/<id>?sk=`. */
  readonly relayUrl: string;
  readonly options?: BroadcastPublisherOptions;
}

export interface LiveBroadcast {
  readonly inputId: string;
  readonly namespace: string;
  readonly signedUrl: string;
  readonly token: string;
}

export interface ViewArgs {
  readonly relay: string;
  readonly source: string;
  readonly namespace?: string;
  readonly token?: string;
  readonly targetLatencyMs?: number;
  readonly initialRendition?: string;
  /** "webcodecs" renders into the page's <canvas>. */
  readonly backend?: "mse" | "webcodecs";
  /** "hls" plays the broadcast's LL-HLS from `apiBase` (the dev server's `http`). */
  readonly transport?: "moqt" | "hls";
  readonly apiBase?: string;
}

export interface ViewerEvent {
  readonly type: string;
  readonly atMs: number;
  readonly detail: unknown;
}

export interface VideoState {
  readonly currentTime: number;
  readonly videoWidth: number;
  readonly videoHeight: number;
  readonly paused: boolean;
  readonly audioBuffered: boolean;
  readonly buffered: number[][];
  readonly readyState: number;
}

let publisher: BroadcastPublisher | undefined;
let stopSource: (() => void) | undefined;
let viewer: BroadcastViewer | undefined;
let publisherTrace: (() => PublisherTrace) | undefined;
let viewerTrace: (() => ViewerFrame[]) | undefined;
let joinTraced = false;
let playbackTrace: (() => PlaybackSample[]) | undefined;
const events: ViewerEvent[] = [];
const video = document.getElementById("v") as HTMLVideoElement;
const canvas = document.getElementById("c") as HTMLCanvasElement;
/** Where the viewer renders: the <video>, or the <canvas> for the WebCodecs backend. */
let screen: HTMLVideoElement | HTMLCanvasElement = video;
const probe = document.createElement("canvas");
// The element's own view of playback, beside the viewer's events.
for (const type of ["waiting", "playing", "seeking"]) {
  video.addEventListener(type, () =>
    events.push({ type: `video-${type}`, atMs: Date.now(), detail: video.currentTime }),
  );
}

async function camera(): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { width: 1280, height: 720 },
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
  stopSource = () => {
    for (const t of stream.getTracks()) t.stop();
  };
  return stream;
}

function watchPublisher(p: BroadcastPublisher): void {
  p.on("error", (e) => events.push({ type: "publisher-error", atMs: Date.now(), detail: e.code }));
}

const api = {
  /** Recipe 1 (seed 003), step by step: create an input, publish the camera, sign a URL. */
  async goLive(a: GoLiveArgs): Promise<LiveBroadcast> {
    const streams = new Streams({ baseUrl: a.api, apiKey: a.apiKey, orgId: a.orgId });
    const { input, streamKey } = await streams.liveInputs.create({
      name: "Live Demo",
      ingest: "fmp4",
    });
    const dataPlane = new Streams({ relayUrl: a.relayUrl });
    const pub = dataPlane.publisher(a.options);
    const cam = await camera();
    const namespace = `stream/${a.orgId}/${input.external_input_id}`;
    publisher = pub;
    watchPublisher(pub);
    await pub.publish(input.external_input_id, streamKey, cam, namespace);
    const { url, token } = await input.signedPlaybackUrl({ ttlSeconds: 3600 });
    return { inputId: input.external_input_id, namespace, signedUrl: url, token };
  },
  async publish(a: PublishArgs): Promise<void> {
    let stream: MediaStream;
    if (a.source === "camera") {
      stream = await camera();
    } else if (a.source === "clock-beep") {
      const clock = clockStream();
      const beeps = beepStream();
      stream = new MediaStream([
        ...clock.stream.getVideoTracks(),
        ...beeps.stream.getAudioTracks(),
      ]);
      stopSource = () => {
        clock.stop();
        beeps.stop();
      };
    } else {
      const clock = clockStream();
      const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream = new MediaStream([...clock.stream.getVideoTracks(), ...mic.getAudioTracks()]);
      stopSource = () => {
        clock.stop();
        for (const t of mic.getTracks()) t.stop();
      };
    }
    publisher = new BroadcastPublisher(a.relay, a.options);
    watchPublisher(publisher);
    await publisher.publish(a.inputId ?? "lv_test", a.streamKey ?? "", stream, a.namespace);
  },
  publisherCatalog(): Catalog | undefined {
    return publisher?.catalog();
  },
  publisherStats(): BroadcastPublisherStats | undefined {
    return publisher?.stats();
  },
  async stopPublisher(): Promise<void> {
    await publisher?.stop();
    stopSource?.();
    publisher = undefined;
  },

  async view(a: ViewArgs): Promise<string | undefined> {
    // Recipe 1's viewer: a data-plane Streams client; `token` only when playing an id.
    const streams = new Streams({
      apiBase: a.apiBase ?? "",
      relayUrl: a.relay,
      ...(a.token !== undefined && { token: a.token }),
    });
    viewer = streams.viewer({
      onStarted: () => {
        joinShown(viewer?.stats().timeToFirstFrameMs);
        events.push({ type: "onStarted", atMs: Date.now(), detail: undefined });
      },
      onError: (e) => events.push({ type: "onError", atMs: Date.now(), detail: e.code }),
      ...(a.targetLatencyMs !== undefined && { targetLatencyMs: a.targetLatencyMs }),
      ...(a.initialRendition !== undefined && { initialRendition: a.initialRendition }),
      ...(a.backend !== undefined && { backend: a.backend }),
      ...(a.transport !== undefined && { transport: a.transport }),
    });
    const types = [
      "started",
      "stalled",
      "resumed",
      "rendition",
      "error",
      "ended",
      "audiosuspended",
    ] as const;
    for (const type of types) {
      viewer.on(type, (detail) =>
        events.push({
          type,
          atMs: Date.now(),
          detail: detail instanceof Error ? { code: detail.code, message: detail.message } : detail,
        }),
      );
    }
    screen = a.backend === "webcodecs" ? canvas : video;
    viewer.attach(screen);
    if (joinTraced) joinStarted();
    try {
      await viewer.play(a.source, a.namespace === undefined ? {} : { namespace: a.namespace });
      return undefined;
    } catch (e) {
      return (e as { code?: string }).code ?? String(e);
    }
  },
  events(): ViewerEvent[] {
    return events;
  },
  viewerStats(): BroadcastViewerStats | undefined {
    return viewer?.stats();
  },
  setRendition(name: string): void {
    viewer?.setRendition(name);
  },
  videoState(): VideoState {
    const audio = (video as unknown as { audioTracks?: { length: number } }).audioTracks;
    return {
      currentTime: video.currentTime,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      paused: video.paused,
      buffered: Array.from({ length: video.buffered.length }, (_, i) => [
        video.buffered.start(i),
        video.buffered.end(i),
      ]),
      readyState: video.readyState,
      audioBuffered:
        (audio?.length ?? 0) > 0 ||
        (video as unknown as { webkitAudioDecodedByteCount?: number })
          .webkitAudioDecodedByteCount! > 0,
    };
  },
  /** Size of the canvas the WebCodecs backend draws, and how many distinct colours it shows. */
  canvasState(): { width: number; height: number; levels: number } {
    // The canvas's own context belongs to its render worker: read a copy.
    probe.width = canvas.width;
    probe.height = canvas.height;
    const ctx = probe.getContext("2d", { willReadFrequently: true })!;
    ctx.drawImage(canvas, 0, 0);
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const levels = new Set<number>();
    for (let i = 0; i < px.length; i += 4 * 997) {
      levels.add(((px[i]! >> 4) << 8) | ((px[i + 1]! >> 4) << 4) | (px[i + 2]! >> 4));
    }
    return { width: canvas.width, height: canvas.height, levels: levels.size };
  },
  /** What the viewer plays, heard for `durationMs`: level and beep onsets with the frame showing. */
  hear(durationMs: number): Promise<Heard> {
    return listen(durationMs, () => api.frameCodeMs());
  },
  /** Glass-to-glass latency of the frame showing now, from the time code in its pixels. */
  frameLatencyMs(): number | undefined {
    const code = api.frameCodeMs();
    return code === undefined ? undefined : Date.now() - code;
  },
  /** The time code (capture wall clock, ms) of the frame showing now. */
  frameCodeMs(): number | undefined {
    const w = screen instanceof HTMLVideoElement ? screen.videoWidth : screen.width;
    if (w === 0) return undefined;
    const h = timeCodeHeight(w);
    probe.width = w;
    probe.height = h;
    const ctx = probe.getContext("2d", { willReadFrequently: true })!;
    ctx.drawImage(screen, 0, 0, w, h, 0, 0, w, h);
    return readTimeCode(ctx.getImageData(0, 0, w, h).data, w);
  },
  /** Time code latency of the frame showing, every `everyMs` for `durationMs`. */
  async sampleLatency(durationMs: number, everyMs: number): Promise<number[]> {
    const out: number[] = [];
    const endMs = performance.now() + durationMs;
    while (performance.now() < endMs) {
      const ms = api.frameLatencyMs();
      if (ms !== undefined) out.push(ms);
      await new Promise((r) => setTimeout(r, everyMs));
    }
    return out;
  },
  /** The benchmark's baseline: the clock through WebCodecs encode → decode in this page. */
  loopbackLatency(durationMs: number): Promise<number[]> {
    return webcodecsLoopbackMs(durationMs);
  },
  /** Runs the canvas clock alone for `durationMs` (the CPU baseline of the publisher page). */
  async clockOnly(durationMs: number): Promise<void> {
    const clock = clockStream();
    await new Promise((r) => setTimeout(r, durationMs));
    clock.stop();
  },
  /**
   * Starts recording per-frame timing (before `publish` / `view`), see
   * broadcast-trace.ts; "join": the late join's milestones, see join-trace.ts.
   */
  trace(side: "publisher" | "viewer" | "join" | "playback"): void {
    if (side === "publisher") publisherTrace = tracePublisher();
    else if (side === "playback")
      playbackTrace = tracePlayback(
        () => viewer?.stats(),
        () => screen,
      );
    else if (side === "viewer") viewerTrace = traceViewer(video, () => api.frameCodeMs());
    else if (!joinTraced) {
      joinTraced = true;
      traceJoin(video);
    }
  },
  /** The milestones of the last `view` (after `trace("join")`). */
  joinTrace(): JoinMark[] {
    return joinMarks();
  },
  /** The samples of `trace("playback")` so far; stops sampling. */
  playbackTrace(): PlaybackSample[] {
    const samples = playbackTrace?.() ?? [];
    playbackTrace = undefined;
    return samples;
  },
  publisherTrace(): PublisherTrace | undefined {
    return publisherTrace?.();
  },
  viewerTrace(): ViewerFrame[] | undefined {
    return viewerTrace?.();
  },
  async stopViewer(): Promise<void> {
    await viewer?.stop();
    viewer = undefined;
  },
};

export type BroadcastHarnessApi = typeof api;
(window as unknown as { bc: typeof api }).bc = api;
// The session code a client loads while it dials (start-session.ts), loaded with the page:
// Vite serves it unbundled, as many small modules that take longer to load than the dial,
// where a built app fetches one chunk in parallel with it. A late join is timed without that.
await import("../../src/moqt/client/start-session.ts");
(window as unknown as { bcReady: boolean }).bcReady = true;
// `?view=<ViewArgs JSON>` plays at load, with no call from the test (a call is a user gesture).
const autoView = new URLSearchParams(location.search).get("view");
if (autoView !== null) void api.view(JSON.parse(autoView) as ViewArgs);
