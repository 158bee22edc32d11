// The local relay end to end: the real dev server (server/main.ts on Deno)
// with Chromium clients over native WebTransport, driven through
// tests/pages/server-bench.ts (the SDK's transport and session). One publisher,
// 1 / 10 / 100 subscribers, 1 KiB Objects in Groups of 10 (one stream per
// Group). Baseline in the same run: the server's raw WebTransport echo (/echo),
// 1 KiB records on one bidirectional stream: the same two hops (client →
// server → client) without MoQT or fan-out.
//
// The publisher has a page of its own; subscribers are spread over up to 4
// pages in separate contexts, so no single renderer thread decodes them all.
// Latency: Objects paced 10 ms apart; every delivery's publish-to-receive time
// (epoch milliseconds, 0.1 ms resolution), against the echo's round trip at the
// same pace. Throughput: Objects sent back to back until every subscriber has
// them all. Relay CPU: user + system time of the server process
// (/proc/PID/stat) over the throughput phase, per delivered Object. Clients,
// relay and whatever else runs share the machine's cores: notes give the CPU
// used by server and Chromium during the latency phase, and the load average.
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { type Browser, chromium, type Page } from "@playwright/test";
import { createServer } from "vite";
import { CHROMIUM_ARGS } from "../playwright.config.ts";
import { pageApi } from "../tests/page-api.ts";
import type { RelayBenchPage } from "../tests/pages/server-bench.ts";
import { CLOCK_TICKS, cpuSeconds, ROOT, startDevServer } from "./processes.ts";
import type { BenchResult } from "./types.ts";

const SUBSCRIBERS = [1, 10, 100] as const;
const LATENCY_OBJECTS = 200;
const LATENCY_INTERVAL_MS = 10;
/** Back-to-back Objects per case: about 20 000 deliveries, 200 to 5 000 Objects. */
const throughputObjects = (subscribers: number) =>
  Math.min(5_000, Math.max(200, Math.round(20_000 / subscribers)));
const ECHO_THROUGHPUT_OBJECTS = 5000;
const ECHO_RUNS = 3;
/** Pages (browser contexts) the subscribers are spread over. */
const SUBSCRIBER_PAGES = 4;

function treeCpuSeconds(root: number): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(name), Number(fields[1]));
      cpu.set(Number(name), (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // exited meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) return true;
    }
    return false;
  };
  let total = 0;
  for (const [pid, s] of cpu) if (inTree(pid)) total += s;
  return total;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(p * (sorted.length - 1))]!;
}

function summary(samples: readonly number[]): { p50: number; p99: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99), n: s.length };
}

const call = pageApi<RelayBenchPage>("bench");

/** Opens the bench page in a fresh context and waits for its module. */
async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(
    () => (window as unknown as { benchReady?: boolean }).benchReady,
    null,
    {
      timeout: 60_000,
    },
  );
  return page;
}

/**
 * Publishes `count` Objects from `pub` and waits until every subscriber on
 * `subs` has them all; returns the time from the first send, the deliveries,
 * and (with `latency`) every delivery's latency.
 */
async function phase(
  pub: Page,
  subs: readonly Page[],
  count: number,
  intervalMs: number,
  latency: boolean,
): Promise<{ ms: number; delivered: number; samples: number[]; complete: boolean }> {
  for (const p of subs) await call(p, "reset", latency);
  const t0 = performance.now();
  const openFailures = await call(pub, "send", count, intervalMs);
  if (openFailures > 0)
    console.error(`bench: ${openFailures} stream opens failed and were retried`);
  const samples: number[] = [];
  let delivered = 0;
  let complete = false;
  const deadline = t0 + 30_000;
  while (!complete && performance.now() < deadline) {
    const stats = await Promise.all(subs.map((p) => call(p, "stats")));
    for (const st of stats) samples.push(...st.samples);
    delivered = stats.reduce((n, st) => n + st.delivered, 0);
    complete = stats.every((st) => st.minReceived >= count);
    if (!complete) await new Promise((r) => setTimeout(r, 5));
  }
  return { ms: performance.now() - t0, delivered, samples, complete };
}

export async function run(): Promise<BenchResult[]> {
  const vite = await createServer({
    root: ROOT,
    configFile: false,
    logLevel: "silent",
    server: { host: "127.0.0.1", port: 0, strictPort: false },
  });
  await vite.listen();
  const address = vite.httpServer?.address();
  const vitePort = typeof address === "object" && address !== null ? address.port : 0;
  const { server, ready } = await startDevServer(["--echo"]);
  const pid = server.pid;
  // A browser server, so its process (and the renderers below it) can be measured.
  const browserServer = await chromium.launchServer({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  const browserPid = browserServer.process().pid ?? 0;
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const results: BenchResult[] = [];
  try {
    const benchUrl = `http://127.0.0.1:${vitePort}/tests/pages/server-bench.html`;
    const page = await openPage(browser, benchUrl);

    // Baseline: raw WebTransport echo through the same server.
    const echoUrl = ready.relay.replace(/\/moq$/, "/echo");
    await call(page, "echo", echoUrl, ready.certificateSha256, 200, 0); // warm-up
    // Median of ECHO_RUNS runs: the baseline is the denominator of every ratio.
    const runs: { p50: number; p99: number; rate: number; cpuUs: number; complete: boolean }[] = [];
    for (let i = 0; i < ECHO_RUNS; i++) {
      const hash = ready.certificateSha256;
      const lat = await call(page, "echo", echoUrl, hash, LATENCY_OBJECTS, LATENCY_INTERVAL_MS);
      const cpu0 = cpuSeconds(pid);
      const tput = await call(page, "echo", echoUrl, hash, ECHO_THROUGHPUT_OBJECTS, 0);
      const cpuUs = ((cpuSeconds(pid) - cpu0) * 1e6) / ECHO_THROUGHPUT_OBJECTS;
      const { p50, p99 } = summary(lat.samples);
      const rate = (ECHO_THROUGHPUT_OBJECTS * 1000) / tput.ms;
      runs.push({ p50, p99, rate, cpuUs, complete: lat.complete && tput.complete });
    }
    const median = (pick: (r: (typeof runs)[number]) => number) =>
      percentile(
        runs.map(pick).sort((a, b) => a - b),
        0.5,
      );
    const echo = { p50: median((r) => r.p50), p99: median((r) => r.p99) };
    const echoRate = median((r) => r.rate);
    const echoCpuUs = median((r) => r.cpuUs);
    const echoComplete = runs.every((r) => r.complete);
    const echoNote = `raw WebTransport echo, 1 KiB records on one bidi stream, median of ${ECHO_RUNS} runs, load average ${loadavg()[0]!.toFixed(1)}${
      echoComplete ? "" : " (INCOMPLETE)"
    }`;
    results.push(
      {
        name: "echo baseline: p50 round trip",
        unit: "ms",
        value: echo.p50,
        note: `${echoNote}, ${LATENCY_INTERVAL_MS} ms apart`,
      },
      {
        name: "echo baseline: p99 round trip",
        unit: "ms",
        value: echo.p99,
        note: `${echoNote}, ${LATENCY_INTERVAL_MS} ms apart`,
      },
      {
        name: "echo baseline: records/s",
        unit: "objects/s",
        value: echoRate,
        note: `${echoNote}, back to back`,
      },
      {
        name: "echo baseline: server CPU per record",
        unit: "µs",
        value: echoCpuUs,
        note: echoNote,
      },
    );

    // Subscribers spread over pages in their own contexts (renderers): one page's
    // single JS thread decoding 100 sessions would be the bottleneck, not the relay.
    const subPages = await Promise.all(
      Array.from({ length: SUBSCRIBER_PAGES }, () => openPage(browser, benchUrl)),
    );
    for (const n of SUBSCRIBERS) {
      const used = subPages.slice(0, Math.min(n, SUBSCRIBER_PAGES));
      await call(page, "publisher", ready.relay);
      for (const [i, p] of used.entries()) {
        const share = Math.floor(n / used.length) + (i < n % used.length ? 1 : 0);
        await call(p, "subscribers", ready.relay, share);
      }
      await phase(page, used, 100, 0, false); // warm-up
      const l0 = {
        server: cpuSeconds(pid),
        browser: treeCpuSeconds(browserPid),
        ms: performance.now(),
      };
      const lat = await phase(page, used, LATENCY_OBJECTS, LATENCY_INTERVAL_MS, true);
      const latSeconds = (performance.now() - l0.ms) / 1000;
      const serverLoad = Math.round((100 * (cpuSeconds(pid) - l0.server)) / latSeconds);
      const browserLoad = Math.round(
        (100 * (treeCpuSeconds(browserPid) - l0.browser)) / latSeconds,
      );
      const c0 = cpuSeconds(pid);
      const objects = throughputObjects(n);
      const tput = await phase(page, used, objects, 0, false);
      const cpuUs = ((cpuSeconds(pid) - c0) * 1e6) / Math.max(1, tput.delivered);
      for (const p of [page, ...used]) await call(p, "teardown");
      const s = summary(lat.samples);
      const ok = lat.complete && tput.complete ? "" : " (INCOMPLETE)";
      const spread = `${used.length} page${used.length > 1 ? "s" : ""}`;
      const load = (n * 1000) / LATENCY_INTERVAL_MS;
      const latNote = `${s.n} deliveries: ${LATENCY_OBJECTS} Objects ${LATENCY_INTERVAL_MS} ms apart (${load} deliveries/s), subscribers on ${spread}, CPU: server ${serverLoad}%, Chromium ${browserLoad}% of one core, load average ${loadavg()[0]!.toFixed(1)}; baseline: echo round trip; 0.1 ms clock${ok}`;
      const published = (objects * 1000) / tput.ms;
      const delivered = (tput.delivered * 1000) / tput.ms;
      results.push(
        {
          name: `relay ${n} sub: p50 latency`,
          unit: "ms",
          value: s.p50,
          baseline: echo.p50,
          ratio: s.p50 / echo.p50,
          note: latNote,
        },
        {
          name: `relay ${n} sub: p99 latency`,
          unit: "ms",
          value: s.p99,
          baseline: echo.p99,
          ratio: s.p99 / echo.p99,
          note: latNote,
        },
        {
          name: `relay ${n} sub: objects/s published`,
          unit: "objects/s",
          value: published,
          note: `${objects} Objects back to back, each delivered to all ${n}${ok}`,
        },
        {
          name: `relay ${n} sub: deliveries/s`,
          unit: "objects/s",
          value: delivered,
          baseline: echoRate,
          ratio: delivered / echoRate,
          note: `Objects received over all subscribers; baseline: echo records/s${ok}`,
        },
        {
          name: `relay ${n} sub: relay CPU per delivered object`,
          unit: "µs",
          value: cpuUs,
          baseline: echoCpuUs,
          ratio: cpuUs / echoCpuUs,
          note: `server user+system time (10 ms ticks) / deliveries; baseline: echo CPU per record${ok}`,
        },
      );
    }
  } finally {
    await browser.close();
    await browserServer.close();
    await server.stop();
    await vite.close();
  }
  return results;
}
