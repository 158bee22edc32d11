// The WebCodecs <canvas> viewer's render path: the canvas's render worker
// (decode and draw off the main thread) against drawing on the page's main
// thread (what a canvas the page has drawn into falls back to), with the page
// idle and with the page's own work holding its main thread ~60% of the time.
// Per case: the viewer page's main-thread busy time per second of playback
// (CDP Performance TaskDuration, the page's own work subtracted), the share
// of frames shown late (drawn after the next frame was due: stats().framesLate)
// and glass-to-glass latency of the frame showing (its time code).
// The publisher (its own browser) sends the time-code clock, 720p H.264.
import type { Page } from "@playwright/test";
import { pageApi } from "../tests/page-api.ts";
import type { BroadcastHarnessApi } from "../tests/pages/broadcast-harness.ts";
import { startDevServer } from "../tests/pages/client-dev-server.ts";
import {
  harness,
  launchChromium,
  loadNote,
  metricMs,
  percentile,
  sleep,
  startPages,
} from "./pages.ts";
import type { BenchResult } from "./types.ts";

/** Each case is measured in two rounds (worker, main, main, worker): load changes over a run. */
const SAMPLE_MS = Number(process.env.CANVAS_BENCH_SECONDS ?? 6) * 1000;
const NS = "stream/org_bench/lv_canvas_render";
/** The busy page's own work: this long a task… */
const WORK_MS = 30;
/** …every this long. */
const WORK_EVERY_MS = 50;
const call = pageApi<BroadcastHarnessApi>("bc");

/** What one viewer measured; rounds of a case add up. */
interface Sample {
  seconds: number;
  /** Main-thread task time, the page's own work subtracted. */
  viewerTaskMs: number;
  ownWorkMs: number;
  shown: number;
  late: number;
  dropped: number;
  latenciesMs: number[];
}

async function measure(page: Page, relay: string, worker: boolean, busy: boolean): Promise<Sample> {
  // A canvas with a 2D context cannot be handed to a worker: the viewer draws on the main thread.
  if (!worker) {
    await page.evaluate(() => {
      document.querySelector<HTMLCanvasElement>("canvas#c")!.getContext("2d");
    });
  }
  await page.evaluate(
    ({ workMs, everyMs }) => {
      const w = window as unknown as { ownWorkMs: number };
      w.ownWorkMs = 0;
      if (workMs === 0) return;
      setInterval(() => {
        const t0 = performance.now();
        while (performance.now() - t0 < workMs);
        w.ownWorkMs += performance.now() - t0;
      }, everyMs);
    },
    { workMs: busy ? WORK_MS : 0, everyMs: WORK_EVERY_MS },
  );
  const ownWorkMs = () =>
    page.evaluate(() => (window as unknown as { ownWorkMs: number }).ownWorkMs);
  await call(page, "view", { relay, source: NS, backend: "webcodecs" });
  const deadline = Date.now() + 20_000;
  while ((await call(page, "viewerStats"))?.timeToFirstFrameMs === undefined) {
    if (Date.now() > deadline) throw new Error("the canvas viewer showed no frame within 20 s");
    await sleep(100);
  }
  await sleep(2000); // the latency controller settles
  const tasks = await metricMs(page, "TaskDuration"); // main-thread task time
  const [t0, w0, s0] = [await tasks(), await ownWorkMs(), (await call(page, "viewerStats"))!];
  const wall0 = Date.now();
  const latenciesMs = await call(page, "sampleLatency", SAMPLE_MS, 100);
  const [t1, w1, s1] = [await tasks(), await ownWorkMs(), (await call(page, "viewerStats"))!];
  return {
    seconds: (Date.now() - wall0) / 1000,
    viewerTaskMs: t1 - t0 - (w1 - w0),
    ownWorkMs: w1 - w0,
    shown: s1.framesShown - s0.framesShown,
    late: (s1.framesLate ?? 0) - (s0.framesLate ?? 0),
    dropped: s1.droppedFrames - s0.droppedFrames,
    latenciesMs,
  };
}

function add(a: Sample | undefined, b: Sample): Sample {
  if (a === undefined) return b;
  return {
    seconds: a.seconds + b.seconds,
    viewerTaskMs: a.viewerTaskMs + b.viewerTaskMs,
    ownWorkMs: a.ownWorkMs + b.ownWorkMs,
    shown: a.shown + b.shown,
    late: a.late + b.late,
    dropped: a.dropped + b.dropped,
    latenciesMs: [...a.latenciesMs, ...b.latenciesMs],
  };
}

const busyPerS = (s: Sample) => s.viewerTaskMs / s.seconds;
const latePct = (s: Sample) => (s.shown === 0 ? Number.NaN : (100 * s.late) / s.shown);
const summary = (s: Sample) =>
  `${s.shown} frames shown, ${s.late} late, ${s.dropped} dropped in ${s.seconds.toFixed(1)} s; ` +
  `glass-to-glass p50 ${percentile(s.latenciesMs, 50)} ms, p95 ${percentile(s.latenciesMs, 95)} ms` +
  (s.ownWorkMs > 0
    ? `; page's own work ${Math.round(s.ownWorkMs / s.seconds)} ms/s (subtracted)`
    : "");

export async function run(): Promise<BenchResult[]> {
  const { server, ready } = await startDevServer({ logLevel: "warn", args: ["--ephemeral"] });
  const pages = await startPages();
  const pubBrowser = await launchChromium();
  const viewBrowser = await launchChromium();
  const results: BenchResult[] = [];
  try {
    const pub = await harness(pubBrowser, pages.base);
    await call(pub, "publish", {
      relay: ready.relay,
      namespace: NS,
      source: "clock",
      options: {
        timesliceMs: 250,
        keyframeIntervalMs: 1000,
        renditions: [{ name: "video/720p", height: 720, bitrate: 2_500_000 }],
      },
    });
    await sleep(2000);
    for (const busy of [false, true]) {
      let w: Sample | undefined;
      let m: Sample | undefined;
      for (const worker of [true, false, false, true]) {
        const page = await harness(viewBrowser, pages.base);
        try {
          const s = await measure(page, ready.relay, worker, busy);
          if (worker) w = add(w, s);
          else m = add(m, s);
        } finally {
          await call(page, "stopViewer").catch(() => undefined);
          await page.close();
        }
      }
      if (w === undefined || m === undefined) continue;
      const page = busy
        ? `busy page (its own ${WORK_MS} ms task every ${WORK_EVERY_MS} ms)`
        : "idle page";
      const note = `render worker: ${summary(w)}; main thread: ${summary(m)}; ${loadNote()}`;
      console.error(`canvas-render.bench: ${page}: ${note}`);
      results.push(
        {
          name: `canvas viewer main-thread busy time per second, ${page}, render worker (baseline: main-thread draw)`,
          unit: "ms/s",
          value: busyPerS(w),
          baseline: busyPerS(m),
          ratio: busyPerS(w) / busyPerS(m),
          note,
        },
        {
          name: `canvas viewer frames shown late, ${page}, render worker (baseline: main-thread draw)`,
          unit: "%",
          value: latePct(w),
          baseline: latePct(m),
          ...(latePct(m) > 0 && { ratio: latePct(w) / latePct(m) }),
        },
      );
    }
    await call(pub, "stopPublisher");
    return results;
  } finally {
    await viewBrowser.close();
    await pubBrowser.close();
    await pages.close();
    await server.stop();
  }
}
