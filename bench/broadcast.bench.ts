// Live broadcast: glass-to-glass latency, time to first frame and publisher CPU.
// The publisher page (its own browser) draws a wall-clock time code into a
// canvas each frame (demos/broadcast/time-code.ts) and publishes it — 720p +
// 360p H.264 and Opus, CMAF over MoQT through the dev relay; viewer pages (a
// second browser) read the code back from the frame showing, with the MSE and
// the WebCodecs backend. Baseline for latency: the same clock through WebCodecs
// encode → decode in one page (no CMAF, relay or network), same run. Publisher
// CPU is the renderer's CPU time (CDP ProcessTime) per second of broadcast,
// next to the same page running only the canvas clock.
import type { Page } from "@playwright/test";
import { pageApi } from "../tests/page-api.ts";
import type { BroadcastHarnessApi, ViewerEvent } from "../tests/pages/broadcast-harness.ts";
import type { PublisherTrace, ViewerFrame } from "../tests/pages/broadcast-trace.ts";
import { startDevServer } from "../tests/pages/client-dev-server.ts";
import type { JoinMark } from "../tests/pages/join-trace.ts";
import type { PlaybackSample } from "../tests/pages/playback-trace.ts";
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

const SAMPLE_MS = Number(process.env.BROADCAST_BENCH_SECONDS ?? 12) * 1000;
/** Timeslices measured (e.g. `BROADCAST_BENCH_TIMESLICES=250`); default 250 and 1000 ms. */
const TIMESLICES_MS = (process.env.BROADCAST_BENCH_TIMESLICES ?? "250,1000").split(",").map(Number);
/** Render backends measured (e.g. `BROADCAST_BENCH_BACKENDS=webcodecs`); default both. */
const BACKENDS = (process.env.BROADCAST_BENCH_BACKENDS ?? "mse,webcodecs").split(",") as (
  | "mse"
  | "webcodecs"
)[];
/** Late joins per case for the time to first frame. */
const TTFF_JOINS = 3;
/** Between joins, so they land at different points of the Group. */
const JOIN_SPACING_MS = 700;
const NS = "stream/org_bench/lv_clock";
const call = pageApi<BroadcastHarnessApi>("bc");

/**
 * Where the MSE path's time goes, median per frame presented since `sinceMs`:
 * canvas draw → capture stamp → encoder output → sent → received → appended → presented.
 */
function breakdown(pub: PublisherTrace, frames: readonly ViewerFrame[], sinceMs: number): string {
  const rows = frames.filter((f) => (f.presentedMs ?? 0) >= sinceMs);
  const stage = (name: string, d: (f: ViewerFrame) => number | undefined) => {
    const v = rows.map(d).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return `${name} ${v.length === 0 ? "?" : percentile(v, 50)}`;
  };
  const enc = (f: ViewerFrame) => pub.encodedMs[f.captureMs];
  const sent = (f: ViewerFrame) => pub.sentMs[f.captureMs];
  const diff = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : b - a;
  const stages = [
    stage("draw→capture", (f) => diff(f.drawnMs, f.captureMs)),
    stage("capture→encoded", (f) => diff(f.captureMs, enc(f))),
    stage("encoded→sent", (f) => diff(enc(f), sent(f))),
    stage("sent→received", (f) => diff(sent(f), f.receivedMs)),
    stage("received→appended", (f) => diff(f.receivedMs, f.appendedMs)),
    stage("appended→presented", (f) => diff(f.appendedMs, f.presentedMs)),
    stage("total draw→presented", (f) => diff(f.drawnMs, f.presentedMs)),
    stage("buffered beyond the frame at append", (f) => f.bufferedBeyondMs),
    stage("<video> lead (buffered end − currentTime) at present", (f) => f.leadMs),
  ];
  return `${stages.join("; ")} (ms, median of ${rows.length} frames)`;
}

/**
 * Starts a late-joining viewer on `page`: its time to first frame (undefined
 * after 15 s without one) and the join's milestones (tests/pages/join-trace.ts).
 */
async function lateJoin(
  page: Page,
  relay: string,
  backend: "mse" | "webcodecs",
): Promise<{ ms: number | undefined; marks: JoinMark[] }> {
  await call(page, "trace", "join");
  await call(page, "view", { relay, source: NS, backend, initialRendition: "video/720p" });
  await call(page, "setRendition", "video/720p");
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ms = (await call(page, "viewerStats"))?.timeToFirstFrameMs;
    if (ms !== undefined || Date.now() > deadline) {
      await sleep(1000); // for the marks that follow the first frame (<video> playing)
      const marks = await call(page, "joinTrace");
      const line = marks.map((m) => `${m.what} ${m.atMs}${m.detail ? ` (${m.detail})` : ""}`);
      console.error(`broadcast.bench: late join, ${backend}, ${ms} ms: ${line.join("; ")}`);
      return { ms, marks };
    }
    await sleep(50);
  }
}

/** The median time of each milestone over several joins, in the order they happen. */
function joinBreakdown(joins: readonly JoinMark[][]): string {
  const at = new Map<string, number[]>();
  for (const marks of joins)
    for (const m of marks) at.set(m.what, [...(at.get(m.what) ?? []), m.atMs]);
  return [...at]
    .map(([what, ms]) => ({ what, ms: percentile(ms, 50) }))
    .sort((a, b) => a.ms - b.ms)
    .map((m) => `${m.what} ${m.ms}`)
    .join("; ");
}

/**
 * When each stall began (s after the first frame), why, how long, and what was
 * buffered ahead just before it (per track for MSE), and each rendition change:
 * " (at +1.2 s buffering 180 ms with video 31 audio 68 ms ahead, …)".
 */
function stallTimeline(events: readonly ViewerEvent[], samples: readonly PlaybackSample[]): string {
  const startMs = events.find((e) => e.type === "started")?.atMs;
  if (startMs === undefined) return "";
  const stalls: string[] = [];
  for (const [i, e] of events.entries()) {
    if (e.type === "rendition") {
      const name = (e.detail as { name?: string } | undefined)?.name ?? "?";
      stalls.push(`at +${((e.atMs - startMs) / 1000).toFixed(1)} s rendition ${name}`);
    }
    if (e.type !== "stalled") continue;
    const resumed = events.slice(i + 1).find((r) => r.type === "resumed");
    const reason = (e.detail as { reason?: string } | undefined)?.reason ?? "?";
    const ms = (resumed?.detail as { stalledMs?: number } | undefined)?.stalledMs;
    const before = samples.filter((s) => s.atMs < e.atMs).pop();
    const ahead =
      before === undefined
        ? ""
        : before.videoAheadMs !== undefined
          ? ` with video ${before.videoAheadMs} audio ${before.audioAheadMs} ms ahead`
          : ` with ${before.bufferMs} ms ahead`;
    stalls.push(
      `at +${((e.atMs - startMs) / 1000).toFixed(1)} s ${reason} ${ms ?? "?"} ms${ahead}`,
    );
  }
  return stalls.length === 0 ? "" : ` (${stalls.join(", ")})`;
}

/**
 * What the latency control saw from 500 ms before each stall to its end, one
 * line per sample that changed: latency/target, rate, buffer ahead per track.
 */
function aroundStalls(events: readonly ViewerEvent[], samples: readonly PlaybackSample[]): string {
  const lines: string[] = [];
  for (const [i, e] of events.entries()) {
    if (e.type !== "stalled") continue;
    const end = events.slice(i + 1).find((r) => r.type === "resumed")?.atMs ?? e.atMs;
    lines.push(`stall at ${e.atMs}:`);
    let last = "";
    for (const s of samples) {
      if (s.atMs < e.atMs - 500 || s.atMs > end + 100) continue;
      const row = [
        `latency ${s.latencyMs}/${s.targetMs}`,
        `rate ${s.rate}`,
        `buffer ${s.bufferMs}`,
        s.videoAheadMs !== undefined && `video ${s.videoAheadMs} audio ${s.audioAheadMs}`,
        s.readyState !== undefined && `readyState ${s.readyState}`,
        s.ringMs !== undefined && `audio ring ${s.ringMs}`,
      ]
        .filter(Boolean)
        .join(", ");
      if (row !== last) lines.push(`  ${s.atMs - e.atMs} ms: ${row}`);
      last = row;
    }
  }
  return lines.join("\n");
}

/** Renderer CPU time of `page` so far, ms. */
export async function run(): Promise<BenchResult[]> {
  const t0 = Date.now();
  const { server, ready } = await startDevServer({ logLevel: "warn", args: ["--ephemeral"] });
  const pages = await startPages();
  const base = pages.base;
  const viewBrowser = await launchChromium();
  const results: BenchResult[] = [];
  try {
    const loop = await harness(viewBrowser, base);
    const loopMs = await call(loop, "loopbackLatency", SAMPLE_MS);
    await loop.close();
    const base50 = percentile(loopMs, 50);
    const base95 = percentile(loopMs, 95);
    let clockCpuPerS: number | undefined;
    for (const timesliceMs of TIMESLICES_MS) {
      const pubBrowser = await launchChromium();
      try {
        const pub = await harness(pubBrowser, base);
        const cpu = await metricMs(pub, "ProcessTime");
        await call(pub, "trace", "publisher");
        if (clockCpuPerS === undefined) {
          const c0 = await cpu();
          await call(pub, "clockOnly", 4000);
          clockCpuPerS = ((await cpu()) - c0) / 4;
        }
        await call(pub, "publish", {
          relay: ready.relay,
          namespace: NS,
          source: "clock",
          options: { timesliceMs, keyframeIntervalMs: 1000 },
        });
        await sleep(3000); // viewers join late, mid-Group
        const c0 = await cpu();
        const w0 = Date.now();
        for (const backend of BACKENDS) {
          const label = `timeslice ${timesliceMs} ms, ${backend === "mse" ? "MSE <video>" : "WebCodecs <canvas>"}`;
          // Time to first frame varies with where in the Group a viewer joins: several
          // joins, the median reported; the last viewer stays for the latency.
          const ttffs: number[] = [];
          const joins: JoinMark[][] = [];
          let viewer: Page | undefined;
          for (let j = 0; j < TTFF_JOINS; j++) {
            if (viewer !== undefined) {
              await call(viewer, "stopViewer");
              await viewer.close();
              await sleep(JOIN_SPACING_MS);
            }
            viewer = await harness(viewBrowser, base);
            if (j === TTFF_JOINS - 1) {
              if (backend === "mse") await call(viewer, "trace", "viewer");
              await call(viewer, "trace", "playback");
            }
            const join = await lateJoin(viewer, ready.relay, backend);
            if (join.ms !== undefined) ttffs.push(join.ms);
            joins.push(join.marks);
          }
          if (viewer === undefined || ttffs.length < TTFF_JOINS) {
            // Reported, not thrown: the other cases still run.
            results.push({
              name: `time to first frame, late joiner, ${label}`,
              unit: "ms",
              value: Number.NaN,
              note: `${TTFF_JOINS - ttffs.length} of ${TTFF_JOINS} joins showed no frame within 15 s; ${loadNote()}`,
            });
            await viewer?.close();
            continue;
          }
          const ttff = percentile(ttffs, 50);
          const ttffNote = `median of ${TTFF_JOINS} late joins (${ttffs.map(Math.round).join(", ")} ms); ${loadNote()}`;
          const joinNote = `${joinBreakdown(joins)} (ms after play(), median of ${joins.length} joins)`;
          console.error(`broadcast.bench: ${label}: late join: ${joinNote}`);
          await sleep(2000); // the latency controller settles
          const sinceMs = Date.now();
          const ms = await call(viewer, "sampleLatency", SAMPLE_MS, 100);
          const stats = (await call(viewer, "viewerStats"))!;
          const events = await call(viewer, "events");
          const samples = await call(viewer, "playbackTrace");
          const stalls = stallTimeline(events, samples);
          const around = aroundStalls(events, samples);
          if (around !== "") console.error(`broadcast.bench: ${label}: ${around}`);
          const frames = await call(viewer, "viewerTrace");
          const pubTrace = await call(pub, "publisherTrace");
          const stages =
            frames === undefined || pubTrace === undefined
              ? undefined
              : breakdown(pubTrace, frames, sinceMs);
          await call(viewer, "stopViewer");
          await viewer.close();
          const p50 = percentile(ms, 50);
          const p95 = percentile(ms, 95);
          results.push(
            {
              name: `glass-to-glass p50, ${label} (baseline: WebCodecs loopback in one page)`,
              unit: "ms",
              value: p50,
              baseline: base50,
              ratio: p50 / base50,
              note: `${ms.length} frames read; target ${stats.targetLatencyMs} ms, ${stats.rebufferCount} rebuffers${stalls}, ${stats.droppedFrames} dropped; ${loadNote()}`,
            },
            {
              name: `glass-to-glass p95, ${label} (baseline: WebCodecs loopback in one page)`,
              unit: "ms",
              value: p95,
              baseline: base95,
              ratio: p95 / base95,
            },
            {
              name: `time to first frame, late joiner, ${label}`,
              unit: "ms",
              value: ttff,
              note: ttffNote,
            },
            {
              name: `late join breakdown, ${label}`,
              unit: "ms",
              value: ttff,
              note: joinNote,
            },
          );
          if (stages !== undefined) {
            results.push({
              name: `glass-to-glass breakdown, ${label}`,
              unit: "ms",
              value: p50,
              note: stages,
            });
            console.error(`broadcast.bench: ${label}: ${stages}`);
          }
          console.error(`broadcast.bench: ${label}: p50 ${p50} p95 ${p95} ttff ${ttff}`);
        }
        const seconds = (Date.now() - w0) / 1000;
        const perS = ((await cpu()) - c0) / seconds;
        const tracks = (await call(pub, "publisherStats"))?.tracks ?? [];
        results.push({
          name: `publisher CPU per encoded second, timeslice ${timesliceMs} ms (baseline: the canvas clock alone)`,
          unit: "ms/s",
          value: perS,
          baseline: clockCpuPerS,
          ratio: perS / clockCpuPerS,
          note: `720p + 360p H.264 + Opus; encoder ms/s ${tracks.map((t) => `${t.name} ${Math.round(t.encodeMsPerSecond)}`).join(", ")}; dropped ${tracks.reduce((n, t) => n + t.framesDropped, 0)} frames`,
        });
        await call(pub, "stopPublisher");
      } finally {
        await pubBrowser.close();
      }
    }
    console.error(`bench: broadcast.bench.ts took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return results;
  } finally {
    await viewBrowser.close();
    await pages.close();
    await server.stop();
  }
}
