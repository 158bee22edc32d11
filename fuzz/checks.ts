// What is checked after each batch of malformed input against a relay process:
// it answers /healthz, a fresh session still publishes and subscribes, sessions,
// tracks and cache bytes are back to zero, and its RSS is recorded.
import { Collector, ns, qmuxClient, TrackPublisher, tn } from "../server/tests/clients.ts";
import { bounded } from "../server/tests/process.ts";

/** What one batch did and what the checks found. */
export interface BatchReport {
  readonly batch: number;
  readonly inputs: number;
  readonly relayRssKiB: number;
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

/** Runs the after-batch checks against the relay at `ws` / `http` (process `pid`). */
export async function checkRelay(
  relay: { readonly ws: string; readonly http: string; readonly pid: number },
  batch: number,
  inputs: number,
): Promise<BatchReport> {
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
  return { batch, inputs, relayRssKiB: await rssKiB(relay.pid), problems };
}

/** A report for a relay that did not end by SIGTERM (a crash), or none. */
export function exitProblem(status: Deno.CommandStatus): BatchReport[] {
  if (status.signal === null || status.signal === "SIGTERM") return [];
  return [
    {
      batch: -1,
      inputs: 0,
      relayRssKiB: Number.NaN,
      problems: [`relay ended by ${status.signal}`],
    },
  ];
}
