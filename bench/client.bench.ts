// MoqtClient through the dev relay, against a raw WebTransport echo through
// the same server in the same run.
//
// Every path carries 1 KB frames on one QUIC stream each and crosses the server
// once. Raw echo: page → /echo → the same page on one session (a
// unidirectional stream per frame, echoed on a new one). SDK one page: one
// client publishes a frame track and subscribes to it, so each frame goes page
// → relay → the same page on one session — the echo's shape (one renderer, one
// connection carrying data both ways). SDK two pages: publisher page → relay →
// subscriber page (two renderers, two sessions, each carrying data one way; the
// relay forwards between connections). Both SDK paths use PUBLISH / SUBSCRIBE,
// a subgroup stream per frame, a LOC timestamp. Latency is wall clock from
// write to receive callback; the pages share the machine's clock. Latency
// rounds take the paths in turn so all see the same load. Over the latency
// rounds it also reports CPU time per frame by process role (the relay or echo
// server, the pages, Chromium's network service), where /proc exists.
//
// Max sustained rate: a paced rate passes when, within RATE_STEP_MS of sending
// and DRAIN_MS after, ≥ 99 % of its frames arrive, the receive rate (frames /
// time from the first send to the last receive) is ≥ 90 % of the paced rate,
// and the median latency is under 50 ms. Only frames sent in the step count
// (each carries its send time), and the next step waits until the path went
// quiet, so an overloaded step's backlog neither counts in nor loads the next.
// A search finds the highest passing rate: from RATE_START it climbs (or
// descends) by ×1.25 to the first change of verdict, then halves the interval
// between the highest pass and the lowest fail twice (about 6 % resolution).
// Every repetition starts every path at RATE_START, so all walk the same grid;
// the searches of one repetition run interleaved, one step of each path in
// turn, the first path rotating. The result is each path's median over
// RATE_REPEATS repetitions, with every repetition's value and ratio (and their
// median and range) in the note.
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
const RATE_REPEATS = 5;
const RATE_STEP_MS = 1_000;
const DRAIN_MS = 2_000;
const SETTLE_QUIET_MS = 250;
const SETTLE_MAX_MS = 3_000;

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

/** One path under test: how to send a batch and take what arrived of frames sent since a time. */
interface Path {
  send(count: number, fps: number): Promise<number>;
  take(sinceMs: number): Promise<Collected>;
}

/**
 * Waits until nothing more arrives on `path` for SETTLE_QUIET_MS (at most
 * SETTLE_MAX_MS), dropping what does: a batch's stragglers neither count in nor
 * load the next one.
 */
async function settle(path: Path): Promise<number> {
  let stale = 0;
  const until = Date.now() + SETTLE_MAX_MS;
  while (Date.now() < until) {
    await sleep(SETTLE_QUIET_MS);
    const c = await path.take(Number.POSITIVE_INFINITY);
    stale += c.stale;
    if (c.stale === 0) break;
  }
  return stale;
}

/**
 * Sends `count` frames at `fps`, waits until all sent in this batch arrive (or
 * DRAIN_MS passes), returns them; then lets the path settle.
 */
async function batch(path: Path, count: number, fps: number) {
  const startMs = await path.send(count, fps);
  const collected: Collected[] = [];
  let received = 0;
  const until = Date.now() + DRAIN_MS;
  while (received < count && Date.now() < until) {
    await sleep(20);
    const c = await path.take(startMs);
    collected.push(c);
    received += c.received;
  }
  const stragglers = await settle(path);
  const latenciesMs = collected.flatMap((c) => c.latenciesMs);
  const lastAtMs = Math.max(0, ...collected.map((c) => c.lastAtMs));
  return { startMs, received, latenciesMs, lastAtMs, stragglers };
}

/** One paced step of the rate search: whether `target` frames/s passes (see the header). */
async function rateStep(path: Path, target: number): Promise<{ ok: boolean; line: string }> {
  const count = Math.round((target * RATE_STEP_MS) / 1000);
  const r = await batch(path, count, target);
  const achieved = (r.received * 1000) / Math.max(1, r.lastAtMs - r.startMs);
  const p50 = percentile(r.latenciesMs, 50);
  const ok = r.received >= 0.99 * count && achieved >= 0.9 * target && p50 < 50;
  const late = r.stragglers > 0 ? ` (+${r.stragglers} late)` : "";
  return {
    ok,
    line: `${target}/s: ${r.received}/${count}${late}, ${Math.round(achieved)}/s, p50 ${p50.toFixed(1)} ms${ok ? "" : " ✗"}`,
  };
}

/**
 * The search for the highest paced rate a path sustains, from RATE_START (see
 * the header): yields the next rate to try, takes its verdict, returns the
 * highest passing rate (0 when even RATE_MIN fails).
 */
function* rateSearch(): Generator<number, number, boolean> {
  let pass = 0;
  let fail = RATE_MAX * RATE_GROWTH;
  let rate = RATE_START;
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

const PATHS = ["raw", "loop", "sdk"] as const;
type PathName = (typeof PATHS)[number];

/**
 * RATE_REPEATS searches per path. Within a repetition the searches run
 * interleaved, one step of each in turn, so all see the same machine load; the
 * path that steps first rotates between repetitions.
 */
async function rateSearches(paths: Record<PathName, Path>) {
  const runs: Record<PathName, number[]> = { raw: [], loop: [], sdk: [] };
  const steps: Record<PathName, string[]> = { raw: [], loop: [], sdk: [] };
  for (let rep = 0; rep < RATE_REPEATS; rep++) {
    const order = PATHS.map((_, i) => PATHS[(i + rep) % PATHS.length]!);
    const searches = order.map((which) => {
      const search = rateSearch();
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

/** Per-repetition ratios of `value` to `baseline` runs, their median and range, for a note. */
function ratioSpread(values: readonly number[], baselines: readonly number[]): string {
  const ratios = values.map((v, i) => v / (baselines[i] ?? Number.NaN)).filter(Number.isFinite);
  if (ratios.length === 0) return "no ratio per repetition";
  const f = (r: number) => r.toFixed(2);
  return `ratio per repetition ${ratios.map(f).join(", ")} (median ${f(median(ratios))}, range ${f(Math.min(...ratios))}–${f(Math.max(...ratios))})`;
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

const PATH_LABEL: Record<PathName, string> = {
  raw: "raw echo",
  loop: "SDK one page",
  sdk: "SDK two pages",
};

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
    const looper = await openPage(browser, base);
    debug("pages open");
    await call(subscriber, "sdk", ready.relay, "subscriber");
    await call(publisher, "sdk", ready.relay, "publisher");
    await call(subscriber, "subscribed");
    await call(looper, "sdk", ready.relay, "both");
    await call(looper, "subscribed");
    await call(publisher, "raw", ready.http, ready.relay.replace(/\/moq$/, "/echo"));
    debug("connected");

    const paths: Record<PathName, Path> = {
      raw: {
        send: (n, fps) => call(publisher, "rawSend", n, fps, FRAME_BYTES),
        take: (since) => call(publisher, "rawTake", since),
      },
      loop: {
        send: (n, fps) => call(looper, "sdkSend", n, fps, FRAME_BYTES),
        take: (since) => call(looper, "sdkTake", since),
      },
      sdk: {
        send: (n, fps) => call(publisher, "sdkSend", n, fps, FRAME_BYTES),
        take: (since) => call(subscriber, "sdkTake", since),
      },
    };

    for (const which of PATHS) await batch(paths[which], WARMUP_FRAMES, LATENCY_FPS);
    const lat = new Map(PATHS.map((w) => [w, { ms: [] as number[], lost: 0 }]));
    const cpu = new Map(PATHS.map((w) => [w, new Map<CpuRole, number>()]));
    const serverPid = server.child.pid;
    for (let round = 0; round < LATENCY_ROUNDS; round++) {
      for (const which of PATHS) {
        const before = cpuByRole(serverPid);
        const r = await batch(paths[which], LATENCY_FRAMES, LATENCY_FPS);
        addCpu(cpu.get(which)!, before, cpuByRole(serverPid));
        lat.get(which)!.ms.push(...r.latenciesMs);
        lat.get(which)!.lost += LATENCY_FRAMES - r.received;
      }
    }
    const rates = await rateSearches(paths);
    const failures = await call(publisher, "sendFailures");
    const loopFailures = await call(looper, "sendFailures");
    const lost = [
      ...(await call(publisher, "lostSessions")).map((why) => `publisher: ${why}`),
      ...(await call(subscriber, "lostSessions")).map((why) => `subscriber: ${why}`),
      ...(await call(looper, "lostSessions")).map((why) => `one page: ${why}`),
    ];
    for (const page of [publisher, subscriber, looper]) await call(page, "close");

    const results: BenchResult[] = [];
    const raw = lat.get("raw")!;
    for (const which of ["sdk", "loop"] as const) {
      const sdk = lat.get(which)!;
      for (const q of [50, 99]) {
        const value = percentile(sdk.ms, q);
        const baseline = percentile(raw.ms, q);
        results.push({
          name: `MoqtClient publish→subscribe latency p${q} (1 KB frames${which === "loop" ? ", one page" : ""})`,
          unit: "ms",
          value,
          baseline,
          ratio: value / baseline,
          note: `baseline: raw WebTransport stream echo through the same server; ${sdk.ms.length} frames of ${FRAME_BYTES} B at ${LATENCY_FPS}/s, ${which === "loop" ? "one Chromium page (one client publishes and subscribes its own track through the relay)" : "two Chromium pages"}`,
        });
      }
    }
    const rounds = LATENCY_FRAMES * LATENCY_ROUNDS;
    for (const role of CPU_ROLES) {
      if (!cpu.get("sdk")!.has(role)) continue;
      const perFrame = (w: PathName) => ((cpu.get(w)!.get(role) ?? 0) * 1e6) / rounds;
      const baseline = perFrame("raw");
      results.push({
        name: `CPU per frame: ${role === "server" ? "relay (baseline: echo server)" : role}`,
        unit: "µs",
        value: perFrame("sdk"),
        baseline,
        ratio: baseline > 0 ? perFrame("sdk") / baseline : Number.NaN,
        note: `user + system time over the latency rounds (${rounds} frames per path, 10 ms ticks) / frames sent; SDK: publisher and subscriber pages; SDK one page: ${perFrame("loop").toFixed(0)} µs (${baseline > 0 ? (perFrame("loop") / baseline).toFixed(2) : "–"}×); baseline: the raw echo's one page`,
      });
    }
    const rawRate = median(rates.runs.raw);
    const searched = `median of ${RATE_REPEATS} searches per path from ${RATE_START}/s, the paths interleaved step by step (highest paced rate with ≥ 99 % arrived, receive rate ≥ 90 % of it, p50 < 50 ms)`;
    const perPath = PATHS.map((w) => `${PATH_LABEL[w]} ${rates.runs[w].join(", ")}`).join("; ");
    const load = `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores at the end`;
    for (const which of ["loop", "sdk"] as const) {
      const value = median(rates.runs[which]);
      results.push({
        name: `MoqtClient max sustained frames/s (1 KB, stream per frame, ${which === "loop" ? "one page" : "two pages"})`,
        unit: "frames/s",
        value,
        baseline: rawRate,
        ratio: rawRate > 0 ? value / rawRate : Number.NaN,
        note: `${which === "loop" ? "one page, one session, the relay crossed once: the echo's shape" : "publisher and subscriber pages, two sessions"}; ${searched}; ${perPath}; ${ratioSpread(rates.runs[which], rates.runs.raw)}; ${load}`,
      });
    }
    for (const w of PATHS) debug(`${PATH_LABEL[w]} steps: ${rates.steps[w].join(" | ")}`);
    const lostSdk = lat.get("sdk")!.lost + lat.get("loop")!.lost;
    if (lostSdk > 0 || raw.lost > 0) {
      results.push({
        name: "frames not received in the latency rounds",
        unit: "frames",
        value: lostSdk,
        baseline: raw.lost,
        note: "SDK: two pages and one page",
      });
    }
    const dropped = failures.sdk + loopFailures.sdk;
    if (dropped > 0 || failures.raw > 0) {
      results.push({
        name: "frames whose stream failed to open or finish",
        unit: "frames",
        value: dropped,
        baseline: failures.raw,
        note: "SDK: the publications' `dropped` (opens refused for want of stream credit are retried first); baseline: the raw path's failed streams (not retried)",
      });
    }
    if (lost.length > 0) {
      results.push({
        name: "SDK sessions lost and dialled again during the run",
        unit: "sessions",
        value: lost.length,
        note: `why: ${lost.join("; ")} (the frames in flight then count as not received)`,
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
