// The canvas render worker (`@clutchcall/sdk/workers/canvas-render`): owns a
// viewer's <canvas> (an OffscreenCanvas), decodes the video samples the page
// posts and draws the newest frame due on each display refresh, on a copy of
// the page's media clock. Decoded frames never go through the page's main
// thread, so a busy page shows them no later.
import { MediaClock } from "./media-clock.ts";
import type { RenderCommand, RenderMessage } from "./render-messages.ts";
import { VideoPipeline } from "./video-pipeline.ts";

/** Frame counts are posted at most this often (and on the first frame). */
const COUNTS_EVERY_MS = 250;

/** The parts of the worker's global scope used here (the DOM lib has no worker types). */
interface WorkerScope {
  postMessage(message: RenderMessage): void;
  onmessage: ((event: MessageEvent<RenderCommand>) => void) | null;
  requestAnimationFrame?(callback: () => void): number;
}

const scope = globalThis as unknown as WorkerScope;
/** Display refreshes where workers have them (Chromium with OffscreenCanvas), else 60 Hz timers. */
const nextRefresh = (f: () => void): void => {
  if (scope.requestAnimationFrame !== undefined) scope.requestAnimationFrame(f);
  else setTimeout(f, 1000 / 60);
};

let canvas: OffscreenCanvas | undefined;
let session = -1;
let pipeline: VideoPipeline | undefined;
let countsAtMs = Number.NEGATIVE_INFINITY;
let refreshing = false;
// The page's clock on this worker's own time base: both read the epoch.
const clock = new MediaClock(() => performance.timeOrigin + performance.now());

/** Posts the frame counts; `firstShownAtMs` (this worker's `performance.now()`) with the first frame. */
function postCounts(force: boolean, firstShownAtMs?: number): void {
  const nowMs = performance.now();
  if (pipeline === undefined || (!force && nowMs - countsAtMs < COUNTS_EVERY_MS)) return;
  countsAtMs = nowMs;
  const counts = pipeline.counts;
  // On the epoch time base, which the page shares.
  const at =
    firstShownAtMs === undefined
      ? {}
      : { firstShownAtEpochMs: performance.timeOrigin + firstShownAtMs };
  scope.postMessage({ type: "frames", session, counts, ...at });
}

function refresh(): void {
  if (pipeline === undefined) {
    refreshing = false;
    return;
  }
  nextRefresh(refresh);
  pipeline.tick();
  postCounts(false);
}

function open(id: number, config: VideoDecoderConfig): void {
  pipeline?.close();
  session = id;
  if (canvas === undefined) throw new Error("the render worker has no canvas");
  const p = new VideoPipeline(canvas, () => clock.ms, {
    shown: (atMs) => {
      if (p.counts.presented === 1) postCounts(true, atMs);
    },
    error: (message) => scope.postMessage({ type: "error", session: id, message }),
  });
  p.configure(config);
  pipeline = p;
  if (!refreshing) {
    refreshing = true;
    nextRefresh(refresh);
  }
}

scope.onmessage = ({ data: m }) => {
  if (m.type === "canvas") {
    canvas = m.canvas;
    return;
  }
  if (m.type === "open") return open(m.session, m.config);
  if (m.session !== session || pipeline === undefined) return; // an ended session
  if (m.type === "samples") pipeline.push(m.samples);
  else if (m.type === "switch") pipeline.switchTo(m.config);
  else if (m.type === "clock") clock.load(m.state);
  else if (m.type === "seek") pipeline.seek(m.ms);
  else if (m.type === "start") pipeline.start();
  else {
    pipeline.close();
    pipeline = undefined;
  }
};

scope.postMessage({ type: "ready" });
