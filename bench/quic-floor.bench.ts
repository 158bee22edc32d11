// The floor under the relay's WebTransport fan-out: what Deno's QUIC itself costs
// to send 1 KiB at 100/s to 100 connections (clients in 4 Deno processes, as in
// fanout.bench.ts), with no HTTP/3, WebTransport or MoQT on top
// (bench/fanout/quic-floor.ts). Three shapes side by side in one run:
//   group-streams  a new unidirectional stream per Group of 10, as the relay sends
//   long-stream    one stream per connection for the whole run
//   datagrams      one QUIC datagram per payload
// Measured per delivery: the server's CPU split into user time (JavaScript,
// Deno's ops, the QUIC stack) and system time (the kernel's UDP path), both from
// /proc/PID/stat; then, in a second round under `strace -c -f`, its system calls
// (strace slows the process, so that round's CPU is not used). The relay's own
// figures are fanout.bench.ts's "WebTransport" rows.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { FloorReport, FloorShape } from "./fanout/quic-floor.ts";
import { hasStrace, straced, syscallsNote } from "./fanout/strace.ts";
import { cpuSeconds, cpuSplit, LineChild } from "./processes.ts";
import type { BenchResult } from "./types.ts";

const CONNECTIONS = 100;
const CLIENT_PROCESSES = 4;
const OBJECTS = 500;
const STRACE_OBJECTS = 200;
const WARMUP_OBJECTS = 100;
const SETTLE_MS = 1_000;
const SCRIPT = "bench/fanout/quic-floor.ts";
const SHAPES: readonly FloorShape[] = ["group-streams", "long-stream", "datagrams"];

interface Floor {
  readonly deliveredPct: number;
  readonly p50: number;
  readonly p99: number;
  readonly userUs: number;
  readonly systemUs: number;
  /** CPU of the client processes per delivery. */
  readonly clientUs: number;
  /** System calls per delivery, by name; undefined without strace. */
  readonly syscalls: Record<string, number> | undefined;
}

async function floor(shape: FloorShape): Promise<Floor> {
  const dir = mkdtempSync(join(tmpdir(), "quic-floor-"));
  const server = LineChild.deno(SCRIPT, ["server", shape, String(CONNECTIONS)], `${shape} server`);
  const children: LineChild[] = [server];
  try {
    const { port, certPem } = await server.next<{ port: number; certPem: string }>();
    const certFile = join(dir, "cert.pem");
    writeFileSync(certFile, certPem);
    const per = CONNECTIONS / CLIENT_PROCESSES;
    const clients = Array.from({ length: CLIENT_PROCESSES }, (_, i) =>
      LineChild.deno(SCRIPT, ["clients", String(port), String(per), certFile], `clients ${i}`),
    );
    children.push(...clients);
    for (const c of clients) await c.next(60_000);

    const round = async (objects: number) => {
      server.send(`go ${objects}`);
      await server.next(60_000);
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const reports: FloorReport[] = [];
      for (const c of clients) {
        c.send("report");
        reports.push(await c.next<FloorReport>());
      }
      return reports;
    };
    await round(WARMUP_OBJECTS);
    const clientCpu = () => clients.reduce((sum, c) => sum + cpuSeconds(c.pid), 0);
    const client0 = clientCpu();
    const cpu0 = cpuSplit(server.pid);
    const reports = await round(OBJECTS);
    const cpu1 = cpuSplit(server.pid);
    const clientSeconds = clientCpu() - client0;
    const latencies = reports.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    const delivered = latencies.length;
    const at = (p: number) => latencies[Math.floor(p * (delivered - 1))] ?? Number.NaN;
    const syscalls = hasStrace
      ? await straced(server.pid, async () =>
          (await round(STRACE_OBJECTS)).reduce((n, r) => n + r.delivered, 0),
        )
      : undefined;
    return {
      deliveredPct: (100 * delivered) / (OBJECTS * CONNECTIONS),
      p50: at(0.5),
      p99: at(0.99),
      userUs: ((cpu1.user - cpu0.user) * 1e6) / Math.max(1, delivered),
      systemUs: ((cpu1.system - cpu0.system) * 1e6) / Math.max(1, delivered),
      clientUs: (clientSeconds * 1e6) / Math.max(1, delivered),
      syscalls,
    };
  } finally {
    for (const c of children) c.send("exit");
    await Promise.all(children.map((c) => c.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const base = await floor("long-stream");
  for (const shape of SHAPES) {
    const f = shape === "long-stream" ? base : await floor(shape);
    const cpu = f.userUs + f.systemUs;
    const baseCpu = base.userUs + base.systemUs;
    out.push({
      name: `QUIC floor ${shape}: server CPU per delivery`,
      unit: "µs",
      value: cpu,
      baseline: baseCpu,
      ratio: cpu / baseCpu,
      note: `user ${f.userUs.toFixed(1)} µs (JavaScript, Deno's ops, QUIC stack), system ${f.systemUs.toFixed(1)} µs (kernel UDP path); ${syscallsNote(f.syscalls)}; ${f.deliveredPct.toFixed(1)}% delivered, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms; client processes ${f.clientUs.toFixed(0)} µs CPU per delivery; 1 KiB at 100/s to ${CONNECTIONS} Deno QUIC connections in ${CLIENT_PROCESSES} processes; load average ${loadavg()[0]!.toFixed(1)}; baseline: long-stream`,
    });
  }
  return out;
}
