// Fan-out through the real relay: 1 publisher → 100 subscribers, 1 KiB Objects at
// 100/s (Groups of 10, one stream per Group), every client a MoQT session of the
// SDK's session layer in Deno child processes: SUBSCRIBER_PROCESSES processes of
// 25 sessions each, and one publisher process. Over QMux/WebSocket (draft-16) and
// over WebTransport (Deno's client; the version is chosen in SETUP, draft-14). The
// subscriber processes read Deno's QUIC streams with small BYOB reads (client.ts).
//
// Baseline in the same run: the same processes and pacing through a minimal raw
// WebSocket broadcaster (bench/fanout/broadcaster.ts: each message sent to every
// subscriber socket, nothing else) — the cost of the fan-out itself, without MoQT,
// streams or QMux.
//
// Measured: the share of (Object, subscriber) deliveries within 3 s of publishing,
// p50/p99 publish-to-receive latency (send time in the payload, one host clock),
// and the relay process's CPU time (user + system, /proc/PID/stat) per delivery
// over the measured phase, and in a further round under `strace -c -f` its system
// calls per delivery (compare bench/quic-floor.bench.ts, Deno's QUIC alone).
import { loadavg } from "node:os";
import { delayQuantileMs } from "../server/relay/core/forward-delay.ts";
import type { Mode, SubReport } from "./fanout/client.ts";
import { hasStrace, straced, syscallsNote } from "./fanout/strace.ts";
import { threadCpuPerDelivery, threadCpuSeconds } from "./fanout/threads.ts";
import { cpuSeconds, cpuSplit, LineChild, startDevServer } from "./processes.ts";
import type { BenchResult } from "./types.ts";

const SUBSCRIBERS = 100;
const SUBSCRIBER_PROCESSES = 4;
const OBJECTS = 500; // 5 s at 100/s: 50 000 deliveries
const WARMUP_OBJECTS = 100;
const STRACE_OBJECTS = 200;
const WITHIN_MS = 3_000;
const CLIENT = "bench/fanout/client.ts";

interface Outcome {
  readonly withinPct: number;
  readonly p50: number;
  readonly p99: number;
  /** p99 of the first Objects of Groups, each of which opens a new stream to every subscriber. */
  readonly firstP99: number;
  /** p99 of the later Objects, written on an open stream. */
  readonly laterP99: number;
  /** The relay's own forward delay p50/p99 (arrival to a subscriber's transport taking the Object), ms. */
  readonly relayP50: number;
  readonly relayP99: number;
  readonly cpuUsPerDelivery: number;
  /** The part of it spent in the kernel (system time: UDP or TCP sends and receives). */
  readonly systemUsPerDelivery: number;
  /** The same by thread name: the JavaScript thread ("deno") and V8's GC helpers. */
  readonly threadCpuUsPerDelivery: Record<string, number>;
  readonly delivered: number;
  readonly serverLoadPct: number;
  /** CPU of the subscriber processes per delivery (they share the cores with the relay). */
  readonly clientCpuUsPerDelivery: number;
  /** The relay's system calls per delivery, from a further round under strace. */
  readonly syscalls: Record<string, number> | undefined;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(p * (sorted.length - 1))]!;
}

type Buckets = [number, number][];

/** The relay's forward-delay histogram from its health report; empty for the broadcaster. */
async function forwardDelay(http: string | undefined): Promise<Buckets> {
  if (http === undefined) return [];
  const res = await fetch(`${http}/healthz`);
  return ((await res.json()) as { forwardDelayMs?: Buckets }).forwardDelayMs ?? [];
}

/** Deliveries the relay counted in its histogram between two readings. */
const forwarded = (after: Buckets, before: Buckets) =>
  after.reduce((n, [, c]) => n + c, 0) - before.reduce((n, [, c]) => n + c, 0);

/** One fan-out run against a server process `serverPid` at `url` (`http`: its health endpoint's base). */
export async function fanOut(
  mode: Mode,
  url: string,
  hash: string,
  serverPid: number,
  http?: string,
): Promise<Outcome> {
  const children: LineChild[] = [];
  try {
    const pub = LineChild.deno(CLIENT, ["pub", mode, url, "1", hash], `${mode} publisher`);
    children.push(pub);
    await pub.next();
    const per = SUBSCRIBERS / SUBSCRIBER_PROCESSES;
    const subs = Array.from({ length: SUBSCRIBER_PROCESSES }, (_, i) =>
      LineChild.deno(CLIENT, ["sub", mode, url, String(per), hash], `${mode} subscribers ${i}`),
    );
    children.push(...subs);
    for (const s of subs) await s.next(120_000);

    const round = async (objects: number, id: number) => {
      pub.send(`go ${objects} ${id}`);
      await pub.next(60_000);
      await new Promise((r) => setTimeout(r, WITHIN_MS + 200));
      const reports: SubReport[] = [];
      for (const s of subs) {
        s.send(`report ${id}`);
        reports.push(await s.next<SubReport>());
      }
      return reports;
    };
    await round(WARMUP_OBJECTS, 0);
    const clientCpu = () => subs.reduce((sum, s) => sum + cpuSeconds(s.pid), 0);
    const delay0 = await forwardDelay(http);
    const threads0 = threadCpuSeconds(serverPid);
    const cpu0 = cpuSplit(serverPid);
    const clientCpu0 = clientCpu();
    const t0 = performance.now();
    const reports = await round(OBJECTS, 1);
    const cpu1 = cpuSplit(serverPid);
    const cpu = cpu1.user + cpu1.system - cpu0.user - cpu0.system;
    const threads1 = threadCpuSeconds(serverPid);
    const delay1 = await forwardDelay(http);
    const clientCpuSeconds = clientCpu() - clientCpu0;
    const seconds = (performance.now() - t0) / 1000;
    // Deliveries while strace is attached: the relay's own count (clients still
    // receiving a backlog would inflate theirs), the clients' for the broadcaster.
    const syscalls = hasStrace
      ? await straced(serverPid, async () => {
          const before = await forwardDelay(http);
          const got = (await round(STRACE_OBJECTS, 2)).reduce((n, r) => n + r.deliveries, 0);
          return http === undefined ? got : forwarded(await forwardDelay(http), before);
        })
      : undefined;
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    const first = sorted(reports.flatMap((r) => r.firstLatenciesMs));
    const later = sorted(reports.flatMap((r) => r.laterLatenciesMs));
    const latencies = sorted([...first, ...later]);
    const within = latencies.filter((ms) => ms <= WITHIN_MS).length;
    const delivered = latencies.length;
    // Every Object the relay delivered meanwhile (late ones of the warm-up too) cost CPU.
    const deliveries = reports.reduce((n, r) => n + r.deliveries, 0);
    return {
      withinPct: (100 * within) / (OBJECTS * SUBSCRIBERS),
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      relayP50: delayQuantileMs(delay1, delay0, 0.5),
      relayP99: delayQuantileMs(delay1, delay0, 0.99),
      firstP99: percentile(first, 0.99),
      laterP99: percentile(later, 0.99),
      cpuUsPerDelivery: (cpu * 1e6) / Math.max(1, deliveries),
      systemUsPerDelivery: ((cpu1.system - cpu0.system) * 1e6) / Math.max(1, deliveries),
      threadCpuUsPerDelivery: threadCpuPerDelivery(threads0, threads1, deliveries),
      delivered,
      serverLoadPct: Math.round((100 * cpu) / seconds),
      clientCpuUsPerDelivery: (clientCpuSeconds * 1e6) / Math.max(1, deliveries),
      syscalls,
    };
  } finally {
    for (const c of children) c.send("exit");
    await Promise.all(children.map((c) => c.stop()));
  }
}

async function baseline(): Promise<Outcome> {
  const broadcaster = LineChild.deno("bench/fanout/broadcaster.ts", [], "broadcaster");
  try {
    const { port } = await broadcaster.next<{ port: number }>();
    return await fanOut("raw-ws", `ws://127.0.0.1:${port}`, "", broadcaster.pid);
  } finally {
    await broadcaster.stop();
  }
}

async function relay(mode: Mode): Promise<Outcome> {
  const { server, ready } = await startDevServer();
  try {
    const url = mode === "moqt-ws" ? ready.ws : ready.relay;
    return await fanOut(mode, url, ready.certificateSha256, server.pid, ready.http);
  } finally {
    await server.stop();
  }
}

const threads = (o: Outcome) =>
  Object.entries(o.threadCpuUsPerDelivery)
    .map(([name, us]) => `${name} ${us} µs`)
    .join(", ");

function rows(label: string, o: Outcome, base: Outcome): BenchResult[] {
  const note = `${o.delivered} of ${OBJECTS * SUBSCRIBERS} delivered, 1 KiB at 100/s to ${SUBSCRIBERS} subscribers in ${SUBSCRIBER_PROCESSES} Deno processes; relay CPU ${o.serverLoadPct}% of one core over the phase, subscriber processes ${o.clientCpuUsPerDelivery.toFixed(0)} µs CPU per delivery, load average ${loadavg()[0]!.toFixed(1)}; baseline: raw WebSocket broadcaster, same clients`;
  return [
    {
      name: `fan-out ${label}: delivered within 3 s`,
      unit: "%",
      value: o.withinPct,
      baseline: base.withinPct,
      ratio: o.withinPct / base.withinPct,
      note,
    },
    {
      name: `fan-out ${label}: p50 publish-to-receive latency`,
      unit: "ms",
      value: o.p50,
      baseline: base.p50,
      ratio: o.p50 / base.p50,
      note,
    },
    {
      name: `fan-out ${label}: p99 publish-to-receive latency`,
      unit: "ms",
      value: o.p99,
      baseline: base.p99,
      ratio: o.p99 / base.p99,
      note: `relay's own forward delay (arrival to each subscriber's transport accepting the Object, 1 ms buckets) p50 ${o.relayP50} ms, p99 ${o.relayP99} ms; first Object of a Group (a new stream to each subscriber) p99 ${o.firstP99.toFixed(1)} ms, later Objects p99 ${o.laterP99.toFixed(1)} ms; ${note}`,
    },
    {
      name: `fan-out ${label}: relay CPU per delivery`,
      unit: "µs",
      value: o.cpuUsPerDelivery,
      baseline: base.cpuUsPerDelivery,
      ratio: o.cpuUsPerDelivery / base.cpuUsPerDelivery,
      note: `user+system time of the relay process (10 ms ticks) / deliveries, of which system (kernel) ${o.systemUsPerDelivery.toFixed(1)} µs; by thread: ${threads(o)}; ${syscallsNote(o.syscalls)}; baseline: the broadcaster's (${base.serverLoadPct}% of one core)`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const base = await baseline();
  const ws = await relay("moqt-ws");
  const wt = await relay("moqt-wt");
  return [
    {
      name: "fan-out baseline: raw WebSocket broadcaster, delivered within 3 s",
      unit: "%",
      value: base.withinPct,
      note: `p50 ${base.p50.toFixed(2)} ms, p99 ${base.p99.toFixed(2)} ms, ${base.cpuUsPerDelivery.toFixed(2)} µs CPU per delivery`,
    },
    ...rows("QMux/WebSocket", ws, base),
    ...rows("WebTransport", wt, base),
  ];
}
