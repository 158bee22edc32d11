// Live broadcast over LL-HLS next to MoQT, glass to glass. One publisher page
// draws the wall-clock time code (demos/broadcast/time-code.ts) and publishes
// it to a live input — 720p + 360p H.264 and Opus, CMAF over MoQT into the dev
// relay; viewer pages of a second browser play the same signed URL one after
// the other, the SDK's viewer over MoQT (MSE) and over the dev server's LL-HLS
// (hls.js, MSE), and read the code back from the frame showing. The LL-HLS rows
// have the MoQT figure of the same run as their baseline.
import type { Page } from "@playwright/test";
import type { BroadcastViewerStats } from "../src/streams/index.ts";
import { pageApi } from "../tests/page-api.ts";
import type { BroadcastHarnessApi } from "../tests/pages/broadcast-harness.ts";
import { startDevServer } from "../tests/pages/client-dev-server.ts";
import { controlPlane } from "./control-plane.ts";
import { harness, launchChromium, loadNote, percentile, sleep, startPages } from "./pages.ts";
import type { BenchResult } from "./types.ts";

const SAMPLE_MS = Number(process.env.HLS_BENCH_SECONDS ?? 15) * 1000;
const call = pageApi<BroadcastHarnessApi>("bc");
const TRANSPORTS = { moqt: "MoQT", hls: "LL-HLS" } as const;

/** Waits until `page` shows a frame whose time code reads; false after `timeoutMs`. */
async function firstFrame(page: Page, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await call(page, "frameLatencyMs")) !== undefined) return true;
    await sleep(100);
  }
  return false;
}

export async function run(): Promise<BenchResult[]> {
  const t0 = Date.now();
  const { server, ready } = await startDevServer({ logLevel: "warn", args: ["--ephemeral"] });
  const pages = await startPages();
  const pubBrowser = await launchChromium();
  const viewBrowser = await launchChromium();
  try {
    const { input, streamKey } = await controlPlane(ready).liveInputs.create({
      name: "hls bench",
      ingest: "fmp4",
    });
    const { url } = await input.signedPlaybackUrl({ ttlSeconds: 900 });
    const pub = await harness(pubBrowser, pages.base);
    await call(pub, "publish", {
      relay: ready.relay,
      namespace: `stream/${ready.orgId}/${input.external_input_id}`,
      source: "clock",
      inputId: input.external_input_id,
      streamKey,
      options: { timesliceMs: 250, keyframeIntervalMs: 1000 },
    });
    await sleep(3000); // the playlists have a few segments
    const samples = {} as Record<keyof typeof TRANSPORTS, number[]>;
    let stats: BroadcastViewerStats | undefined;
    for (const transport of ["moqt", "hls"] as const) {
      const viewer = await harness(viewBrowser, pages.base);
      const error = await call(viewer, "view", {
        relay: ready.relay,
        source: url,
        apiBase: ready.http,
        transport,
        backend: "mse",
        initialRendition: "video/720p",
      });
      if (error !== undefined) throw new Error(`${transport} viewer: ${error}`);
      // The time code is read at 720p (hls.js's own ABR could start lower).
      await call(viewer, "setRendition", "video/720p");
      if (!(await firstFrame(viewer, 30_000))) throw new Error(`${transport}: no frame in 30 s`);
      const deadline = Date.now() + 15_000;
      while ((await call(viewer, "viewerStats"))?.rendition !== "video/720p") {
        if (Date.now() > deadline) throw new Error(`${transport}: not at 720p after 15 s`);
        await sleep(200);
      }
      await sleep(3000); // the latency controller settles
      samples[transport] = await call(viewer, "sampleLatency", SAMPLE_MS, 100);
      stats = await call(viewer, "viewerStats");
      await call(viewer, "stopViewer");
      await viewer.close();
    }
    const results: BenchResult[] = [];
    for (const p of [50, 95]) {
      const m = percentile(samples.moqt, p);
      const h = percentile(samples.hls, p);
      results.push(
        {
          name: `glass-to-glass p${p}, ${TRANSPORTS.moqt}, MSE <video>`,
          unit: "ms",
          value: m,
          note: `${samples.moqt.length} frames read; ${loadNote()}`,
        },
        {
          name: `glass-to-glass p${p}, ${TRANSPORTS.hls} (hls.js), MSE <video> (baseline: MoQT, same run)`,
          unit: "ms",
          value: h,
          baseline: m,
          ratio: h / m,
          note: `${samples.hls.length} frames read; rendition ${stats?.rendition}, ${stats?.rebufferCount} rebuffers; 250 ms timeslices, 1 s keyframes; ${loadNote()}`,
        },
      );
    }
    await call(pub, "stopPublisher");
    console.error(`bench: hls.bench.ts took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return results;
  } finally {
    await viewBrowser.close();
    await pubBrowser.close();
    await pages.close();
    await server.stop();
  }
}
