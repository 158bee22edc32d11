// MoqtClient through the dev relay between two Chromium pages, against a raw
// WebTransport echo through the same server in the same run.
//
// Both paths carry 1 KB frames on one QUIC stream each and cross the server
// once (client → server → client): the SDK path goes publisher page → relay →
// subscriber page (PUBLISH / SUBSCRIBE, subgroup stream per frame, LOC
// timestamp); the raw path goes page → /echo → the same page (a unidirectional
// stream per frame, echoed on a new one). Latency is wall clock from write to
// receive callback; the pages share the machine's clock. Latency rounds
// alternate raw and SDK so both see the same load. Over the latency rounds it
// also reports CPU time per frame by process role (the relay or echo server,
// the pages, Chromium's network service), where /proc exists.
//
// Max sustained rate: a paced rate passes when, within RATE_STEP_MS of sending
// and DRAIN_MS after, ≥ 99 % of its frames arrive, the receive rate (frames /
// time from the first send to the last receive) is ≥ 90 % of the paced rate,
// and the median latency is under 50 ms. A search finds the highest passing
// rate: from a start rate it climbs (or descends) by ×1.25 to the first change
// of verdict, then halves the interval between the highest pass and the lowest
// fail twice (about 6 % resolution). The search runs RATE_REPEATS times per
// path, alternating which path goes first; the result is each path's median,
// with every repetition's value in the note.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { createServer } from "vite";
import { CHROMIUM_ARGS } from "../playwright.config.ts";
import { pageApi } from "../tests/page-api.ts";
import type { ClientBenchApi, Collected } from "../tests/pages/client-bench.ts";
import { freePort, startDevServer } from "../tests/pages/client-dev-server.ts";
import { cpuSeconds } from "./processes.ts";
import type { BenchResult } from "./types.ts";

const ROOT = resolve(import.meta.dirname, "..");
const FRAME_BYTES = 1024;
const LATENCY_FPS = 200;
const LATENCY_FRAMES = 400;
const LATENCY_ROUNDS = 2;
const WARMUP_FRAMES = 200;
const RATE_START = 800;
const RATE_GROWTH = 1.25;
const RATE_BISECTIONS = 2;
const RATE_MIN = 100;
const RATE_MAX = 16_000;
const RATE_REPEATS = 3;
const RATE_STEP_MS = 1_000;
const DRAIN_MS = 2_000;

const call = pageApi<ClientBenchApi>("bench");

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const debug = (what: string) => {
  if (process.env.BENCH_DEBUG) console.error(`client.bench: ${what}`);
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Roles of this run's processes whose CPU time is reported per frame. */
const CPU_ROLES = ["server", "pages", "network service", "browser"] as const;
type CpuRole = (typeof CPU_ROLES)[number];

/**
 * CPU seconds used so far by this run's processes, by role: the dev server
 * (`serverPid` and its children), and this process's Chromium children — the
 * renderers of the pages, the network service, the rest. Empty without /proc.
 */
function cpuByRole(serverPid: number | undefined): Map<CpuRole, number> {
  const out = new Map<CpuRole, number>();
  if (!existsSync("/proc")) return out;
  const parent = new Map<number, number>();
  const cmdline = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      cmdline.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, "utf8"));
    } catch {
      // The process exited meanwhile.
    }
  }
  const descends = (pid: number, root: number) => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) return true;
    }
    return false;
  };
  for (const [pid, cmd] of cmdline) {
    let role: CpuRole;
    if (serverPid !== undefined && descends(pid, serverPid)) role = "server";
    else if (!descends(pid, process.pid) || !cmd.includes("chromium")) continue;
    else if (cmd.includes("--type=renderer")) role = "pages";
    else if (cmd.includes("NetworkService")) role = "network service";
    else role = "browser";
    try {
      out.set(role, (out.get(role) ?? 0) + cpuSeconds(pid));
    } catch {
      // The process exited meanwhile.
    }
  }
  return out;
}

/** Adds the CPU seconds used between `before` and now to `into`. */
function addCpu(
  into: Map<CpuRole, number>,
  before: Map<CpuRole, number>,
  now: Map<CpuRole, number>,
) {
  for (const role of CPU_ROLES) {
    const used = (now.get(role) ?? 0) - (before.get(role) ?? 0);
    into.set(role, (into.get(role) ?? 0) + Math.max(0, used));
  }
}

/** One path under test: how to send a batch and take what arrived. */
interface Path {
  send(count: number, fps: number): Promise<number>;
  take(): Promise<Collected>;
}

/** Sends `count` frames at `fps`, waits until all arrive (or DRAIN_MS passes), returns them. */
async function batch(path: Path, count: number, fps: number) {
  const startMs = await path.send(count, fps);
  const collected: Collected[] = [];
  let received = 0;
  const until = Date.now() + DRAIN_MS;
  while (received < count && Date.now() < until) {
    await sleep(20);
    const c = await path.take();
    collected.push(c);
    received += c.received;
  }
  const latenciesMs = collected.flatMap((c) => c.latenciesMs);
  const lastAtMs = Math.max(0, ...collected.map((c) => c.lastAtMs));
  return { startMs, received, latenciesMs, lastAtMs };
}

/** One paced step of the rate search: whether `target` frames/s passes (see the header). */
async function rateStep(path: Path, target: number): Promise<{ ok: boolean; line: string }> {
  const count = Math.round((target * RATE_STEP_MS) / 1000);
  const r = await batch(path, count, target);
  const achieved = (r.received * 1000) / Math.max(1, r.lastAtMs - r.startMs);
  const p50 = percentile(r.latenciesMs, 50);
  const ok = r.received >= 0.99 * count && achieved >= 0.9 * target && p50 < 50;
  await sleep(200);
  return {
    ok,
    line: `${target}/s: ${r.received}/${count}, ${Math.round(achieved)}/s, p50 ${p50.toFixed(1)} ms${ok ? "" : " ✗"}`,
  };
}

/**
 * The search for the highest paced rate a path sustains, from `start` (see the
 * header): yields the next rate to try, takes its verdict, returns the highest
 * passing rate (0 when even RATE_MIN fails).
 */
function* rateSearch(start: number): Generator<number, number, boolean> {
  let pass = 0;
  let fail = RATE_MAX * RATE_GROWTH;
  let rate = start;
  if (yield rate) {
    pass = rate;
    while (rate * RATE_GROWTH <= RATE_MAX && (yield rate * RATE_GROWTH)) {
      rate *= RATE_GROWTH;
      pass = rate;
    }
    fail = rate * RATE_GROWTH;
  } else {
    fail = rate;
    while (rate / RATE_GROWTH >= RATE_MIN && !(yield rate / RATE_GROWTH)) {
      rate /= RATE_GROWTH;
      fail = rate;
    }
    pass = rate / RATE_GROWTH >= RATE_MIN ? rate / RATE_GROWTH : 0;
  }
  for (let i = 0; i < RATE_BISECTIONS && pass > 0 && fail <= RATE_MAX; i++) {
    const mid = Math.sqrt(pass * fail);
    if (yield mid) pass = mid;
    else fail = mid;
  }
  return Math.round(pass);
}

const median = (values: readonly number[]) => percentile(values, 50);

type PathName = "sdk" | "raw";

/**
 * RATE_REPEATS searches per path. Within a repetition the two searches run
 * interleaved, one step of each in turn (which path steps first alternates
 * between repetitions), so both see the same machine load; each repetition
 * starts a path one growth step below its previous result.
 */
async function rateSearches(paths: Record<PathName, Path>) {
  const runs: Record<PathName, number[]> = { sdk: [], raw: [] };
  const steps: Record<PathName, string[]> = { sdk: [], raw: [] };
  for (let rep = 0; rep < RATE_REPEATS; rep++) {
    const order: PathName[] = rep % 2 === 0 ? ["raw", "sdk"] : ["sdk", "raw"];
    const searches = order.map((which) => {
      const previous = runs[which].at(-1);
      const start = previous !== undefined && previous > 0 ? previous / RATE_GROWTH : RATE_START;
      const search = rateSearch(Math.max(RATE_MIN, Math.round(start)));
      return { which, search, next: search.next(), tried: [] as string[] };
    });
    while (searches.some((s) => !s.next.done)) {
      for (const s of searches) {
        if (s.next.done) continue;
        const r = await rateStep(paths[s.which], Math.round(s.next.value));
        debug(`${s.which} ${r.line}`);
        s.tried.push(r.line);
        s.next = s.search.next(r.ok);
      }
    }
    for (const s of searches) {
      runs[s.which].push(s.next.value as number);
      steps[s.which].push(`#${rep + 1} ${s.tried.join(", ")}`);
    }
  }
  return { runs, steps };
}

async function openPage(
  browser: Awaited<ReturnType<typeof chromium.launch>>,
  base: string,
): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${base}/tests/pages/client-bench.html`);
  await page.waitForFunction(
    () => (window as unknown as { benchReady?: boolean }).benchReady,
    null,
    {
      timeout: 30_000,
    },
  );
  return page;
}

export async function run(): Promise<BenchResult[]> {
  const t0 = Date.now();
  const { server, ready } = await startDevServer({ args: ["--echo"], logLevel: "warn" });
  const vitePort = await freePort();
  const vite = await createServer({
    configFile: resolve(ROOT, "vite.config.ts"),
    root: ROOT,
    cacheDir: resolve(ROOT, "node_modules/.vite-bench"),
    logLevel: "warn",
    server: { host: "127.0.0.1", port: vitePort, strictPort: true, hmr: false, watch: null },
  });
  await vite.listen();
  debug(`relay ${ready.relay}, pages on ${vitePort}`);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const base = `http://127.0.0.1:${vitePort}`;
    const publisher = await openPage(browser, base);
    const subscriber = await openPage(browser, base);
    debug("pages open");
    await call(subscriber, "sdk", ready.relay, "subscriber");
    await call(publisher, "sdk", ready.relay, "publisher");
    await call(subscriber, "subscribed");
    await call(publisher, "raw", ready.http, ready.relay.replace(/\/moq$/, "/echo"));
    debug("connected");

    const sdk: Path = {
      send: (n, fps) => call(publisher, "sdkSend", n, fps, FRAME_BYTES),
      take: () => call(subscriber, "sdkTake"),
    };
    const raw: Path = {
      send: (n, fps) => call(publisher, "rawSend", n, fps, FRAME_BYTES),
      take: () => call(publisher, "rawTake"),
    };

    await batch(raw, WARMUP_FRAMES, LATENCY_FPS);
    await batch(sdk, WARMUP_FRAMES, LATENCY_FPS);
    const lat = { sdk: [] as number[], raw: [] as number[], sdkLost: 0, rawLost: 0 };
    const cpu = { sdk: new Map<CpuRole, number>(), raw: new Map<CpuRole, number>() };
    const serverPid = server.child.pid;
    for (let round = 0; round < LATENCY_ROUNDS; round++) {
      let before = cpuByRole(serverPid);
      const r = await batch(raw, LATENCY_FRAMES, LATENCY_FPS);
      addCpu(cpu.raw, before, cpuByRole(serverPid));
      lat.raw.push(...r.latenciesMs);
      lat.rawLost += LATENCY_FRAMES - r.received;
      before = cpuByRole(serverPid);
      const s = await batch(sdk, LATENCY_FRAMES, LATENCY_FPS);
      addCpu(cpu.sdk, before, cpuByRole(serverPid));
      lat.sdk.push(...s.latenciesMs);
      lat.sdkLost += LATENCY_FRAMES - s.received;
    }
    const rates = await rateSearches({ sdk, raw });
    const failures = await call(publisher, "sendFailures");
    const reconnects =
      (await call(publisher, "reconnects")) + (await call(subscriber, "reconnects"));
    await call(publisher, "close");
    await call(subscriber, "close");

    const p = (a: number[], q: number) => percentile(a, q);
    const frames = `${lat.sdk.length} frames of ${FRAME_BYTES} B at ${LATENCY_FPS}/s, two Chromium pages`;
    const results: BenchResult[] = [];
    for (const q of [50, 99]) {
      const value = p(lat.sdk, q);
      const baseline = p(lat.raw, q);
      results.push({
        name: `MoqtClient publish→subscribe latency p${q} (1 KB frames)`,
        unit: "ms",
        value,
        baseline,
        ratio: value / baseline,
        note: `baseline: raw WebTransport stream echo through the same server; ${frames}`,
      });
    }
    const rounds = LATENCY_FRAMES * LATENCY_ROUNDS;
    for (const role of CPU_ROLES) {
      if (!cpu.sdk.has(role)) continue;
      const value = ((cpu.sdk.get(role) ?? 0) * 1e6) / rounds;
      const baseline = ((cpu.raw.get(role) ?? 0) * 1e6) / rounds;
      results.push({
        name: `CPU per frame: ${role === "server" ? "relay (baseline: echo server)" : role}`,
        unit: "µs",
        value,
        baseline,
        ratio: baseline > 0 ? value / baseline : Number.NaN,
        note: `user + system time over the latency rounds (${rounds} frames per path, 10 ms ticks) / frames sent; SDK: publisher and subscriber pages; baseline: the raw echo's one page`,
      });
    }
    const sdkRate = median(rates.runs.sdk);
    const rawRate = median(rates.runs.raw);
    const perRun = rates.runs.sdk.map((v, i) => {
      const raw = rates.runs.raw[i] ?? 0;
      return raw > 0 ? (v / raw).toFixed(2) : "–";
    });
    results.push({
      name: "MoqtClient max sustained frames/s (1 KB, stream per frame)",
      unit: "frames/s",
      value: sdkRate,
      baseline: rawRate,
      ratio: rawRate > 0 ? sdkRate / rawRate : Number.NaN,
      note: `median of ${RATE_REPEATS} searches per path, alternating (highest paced rate with ≥ 99 % arrived, receive rate ≥ 90 % of it, p50 < 50 ms); SDK ${rates.runs.sdk.join(", ")}; raw echo ${rates.runs.raw.join(", ")}; ratio per repetition ${perRun.join(", ")}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores at the end`,
    });
    debug(`SDK steps: ${rates.steps.sdk.join(" | ")}`);
    debug(`raw steps: ${rates.steps.raw.join(" | ")}`);
    if (lat.sdkLost > 0 || lat.rawLost > 0) {
      results.push({
        name: "frames not received in the latency rounds",
        unit: "frames",
        value: lat.sdkLost,
        baseline: lat.rawLost,
      });
    }
    if (failures.sdk > 0 || failures.raw > 0) {
      results.push({
        name: "frames whose stream failed to open or finish",
        unit: "frames",
        value: failures.sdk,
        baseline: failures.raw,
        note: "SDK: the publication's `dropped` (opens refused for want of stream credit are retried first); baseline: the raw path's failed streams (not retried)",
      });
    }
    if (reconnects > 0) {
      results.push({
        name: "SDK sessions lost and dialled again during the run",
        unit: "sessions",
        value: reconnects,
        note: "publisher and subscriber pages (under overload the publisher's connection can be lost); the frames in flight then count as not received",
      });
    }
    console.error(`bench: client.bench.ts took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return results;
  } finally {
    await browser.close();
    await vite.close();
    await server.stop();
  }
}
