// What is checked after each batch of malformed input against a relay process:
// it answers /healthz, a fresh session still publishes and subscribes, sessions,
// tracks and cache bytes are back to zero, neither the relay nor the fuzzer left a
// promise rejection unhandled, and the relay's RSS is recorded.
import { Collector, ns, qmuxClient, TrackPublisher, tn } from "../server/tests/clients.ts";
import { bounded, type ServerProcess } from "../server/tests/process.ts";
import type { FaultWatch } from "./rejections.ts";

/** What one batch did and what the checks found. */
export interface BatchReport {
  readonly batch: number;
  readonly inputs: number;
  readonly relayRssKiB: number;
  /** Unhandled rejections (relay and fuzzer) and relay uncaught exceptions during the batch. */
  readonly unhandledRejections: number;
  readonly problems: readonly string[];
}

interface Health {
  readonly status: string;
  readonly sessions: number;
  readonly tracks: number;
  readonly cacheBytes: number;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident set size of process `pid`, in KiB. */
export async function rssKiB(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

/** A fresh session publishes one Object and another receives it. */
async function publishAndSubscribe(ws: string, batch: number): Promise<void> {
  const pub = await qmuxClient(ws, { draft: 16 });
  const seen = new Collector();
  const sub = await qmuxClient(ws, { draft: 14, on: seen.listeners() });
  try {
    const name = `t${batch}`;
    const track = await TrackPublisher.publish(pub.session, "fuzz/check", name);
    await sub.session.subscribe({ trackNamespace: ns("fuzz/check"), trackName: tn(name) });
    await track.group(0, 1);
    const deadline = Date.now() + 5_000;
    while (seen.seen.length === 0 && Date.now() < deadline) await sleep(10);
    if (seen.seen.length === 0) throw new Error("the fresh subscriber received nothing");
  } finally {
    pub.session.close();
    sub.session.close();
  }
}

/** Runs the after-batch checks against `server`; `faults` reports the batch's unhandled rejections. */
export async function checkRelay(
  server: ServerProcess,
  faults: FaultWatch,
  batch: number,
  inputs: number,
): Promise<BatchReport> {
  const relay = server.ready;
  const health = async () => (await (await fetch(`${relay.http}/healthz`)).json()) as Health;
  const problems: string[] = [];
  try {
    await bounded(publishAndSubscribe(relay.ws, batch), 10_000, "fresh session");
  } catch (e) {
    problems.push(`fresh session: ${e instanceof Error ? e.message : e}`);
  }
  let h = await health();
  for (let i = 0; i < 100 && (h.sessions > 0 || h.tracks > 0 || h.cacheBytes > 0); i++) {
    await sleep(20);
    h = await health();
  }
  if (h.status !== "ok") problems.push(`health status ${h.status}`);
  if (h.sessions > 0 || h.tracks > 0 || h.cacheBytes > 0) {
    problems.push(`not back to baseline: ${JSON.stringify(h)}`);
  }
  const unhandled = faults.take();
  problems.push(...unhandled.problems);
  return {
    batch,
    inputs,
    relayRssKiB: await rssKiB(server.pid),
    unhandledRejections: unhandled.count,
    problems,
  };
}

/**
 * Stops the relay; a report for what surfaced while it wound down (unhandled
 * rejections) or for a relay that did not end by SIGTERM (a crash), or none.
 */
export async function stopRelay(server: ServerProcess, faults: FaultWatch): Promise<BatchReport[]> {
  const status = await server.stop();
  const late = faults.take();
  faults.stop();
  const problems = [...late.problems];
  if (status.signal !== null && status.signal !== "SIGTERM") {
    problems.push(`relay ended by ${status.signal}`);
  }
  if (problems.length === 0) return [];
  return [
    {
      batch: -1,
      inputs: 0,
      relayRssKiB: Number.NaN,
      unhandledRejections: late.count,
      problems,
    },
  ];
}
