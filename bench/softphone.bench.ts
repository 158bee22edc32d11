// Mouth-to-ear latency of the browser softphone against WebRTC, side by side in
// one page (tests/pages/softphone-bench.ts): a 48 kHz WAV of 10 ms Hann-windowed
// chirps at random 200–300 ms spacing is the fake microphone (AEC / NS / AGC
// off); one recorder worklet taps the local capture, an RTCPeerConnection
// loopback (pcA → pcB, defaults) and the SDK path (capture → Opus → relay over
// WebTransport → decode → ring buffer), sample-aligned in one AudioContext.
// Per-chirp latency by matched filter against the local tap; device latency
// is excluded for both paths alike. Runs once with 10 ms and once with 20 ms
// Opus frames, each against its own WebRTC figure from the same run.
import { resolve } from "node:path";
import { chromium } from "@playwright/test";
import { createServer } from "vite";
import { CHROMIUM_ARGS } from "../playwright.config.ts";
import { pageApi } from "../tests/page-api.ts";
import { freePort, startDevServer } from "../tests/pages/client-dev-server.ts";
import type { SoftphoneBenchApi } from "../tests/pages/softphone-bench.ts";
import { chirp, chirpsWav } from "../tests/softphone-fixtures.ts";
import type { BenchResult } from "./types.ts";

const ROOT = resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.SOFTPHONE_BENCH_SECONDS ?? 30);
const call = pageApi<SoftphoneBenchApi>("bench");

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function run(): Promise<BenchResult[]> {
  const t0 = Date.now();
  const wav = chirpsWav(SECONDS + 10);
  const { server, ready } = await startDevServer({ logLevel: "warn" });
  const vitePort = await freePort();
  const vite = await createServer({
    configFile: resolve(ROOT, "vite.config.ts"),
    root: ROOT,
    cacheDir: resolve(ROOT, "node_modules/.vite-bench"),
    logLevel: "warn",
    server: { host: "127.0.0.1", port: vitePort, strictPort: true, hmr: false, watch: null },
  });
  await vite.listen();
  const results: BenchResult[] = [];
  try {
    for (const frameMs of [10, 20] as const) {
      // A fresh browser per case: the fake microphone file starts from its beginning.
      const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${wav}`],
        headless: true,
      });
      try {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${vitePort}/tests/pages/softphone-bench.html`);
        await page.waitForFunction(
          () => (window as unknown as { benchReady?: boolean }).benchReady,
          null,
          { timeout: 30_000 },
        );
        const r = await call(page, "run", ready.relay, frameMs, SECONDS, Array.from(chirp()));
        const sdk50 = percentile(r.sdkMs, 50);
        const rtc50 = percentile(r.webrtcMs, 50);
        const s = r.stats;
        const note = `${r.chirps} chirps in ${SECONDS} s; lost: SDK ${r.sdkLost}, WebRTC ${r.webrtcLost}; ring ${s.transport}; underruns ${s.underruns}, concealed ${Math.round(s.concealedMs)} ms, dropped ${Math.round(s.droppedMs)} ms, late drops ${s.lateDrops}, jitter target ${s.targetMs} ms at the end`;
        results.push(
          {
            name: `mouth-to-ear p50, Opus ${frameMs} ms frames (baseline: WebRTC loopback)`,
            unit: "ms",
            value: sdk50,
            baseline: rtc50,
            ratio: sdk50 / rtc50,
            note,
          },
          {
            name: `mouth-to-ear p95, Opus ${frameMs} ms frames (baseline: WebRTC loopback)`,
            unit: "ms",
            value: percentile(r.sdkMs, 95),
            baseline: percentile(r.webrtcMs, 95),
            ratio: percentile(r.sdkMs, 95) / percentile(r.webrtcMs, 95),
          },
          {
            name: `lost chirps, Opus ${frameMs} ms frames (baseline: WebRTC loopback)`,
            unit: "chirps",
            value: r.sdkLost,
            baseline: r.webrtcLost,
          },
          {
            name: `playout underruns, Opus ${frameMs} ms frames`,
            unit: "underruns",
            value: s.underruns,
          },
        );
        console.error(
          `softphone.bench: ${frameMs} ms: ${JSON.stringify({ ...r, sdkMs: undefined, webrtcMs: undefined })}`,
        );
      } finally {
        await browser.close();
      }
    }
    console.error(`bench: softphone.bench.ts took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return results;
  } finally {
    await vite.close();
    await server.stop();
  }
}
