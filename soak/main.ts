// The relay under a long steady load (run by `npm run soak`, see scripts/soak.mjs):
// `--sessions` idle QMux sessions, then one publisher sending an audio-like track
// (one 160-byte Object every 20 ms, a Group per second) to `--subscribers`
// subscriber sessions, for `--duration-s` seconds. The idle and subscriber
// sessions live in `--workers` worker threads (clients.ts). The relay's RSS is sampled
// throughout; the report gives RSS at start, peak and end, after the clients
// leave, and the KiB each idle session and each subscriber session costs; the
// live JavaScript heap (from /healthz) is sampled beside it. Exits 1 when a
// bound is broken: RSS above --max-rss-mib, the heap growing during the steady
// phase, sessions, tracks or cache bytes left after the clients left, a session
// ending early, or a subscriber missing Objects.
import { parseArgs } from "node:util";
import { qmuxClient, TrackPublisher } from "../server/tests/clients.ts";
import { ServerProcess } from "../server/tests/process.ts";
import { ObjectStatus } from "../src/moqt/wire/data/index.ts";
import type { WorkerCommand, WorkerReply } from "./clients.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    sessions: { type: "string", default: "500" },
    subscribers: { type: "string", default: "100" },
    "duration-s": { type: "string", default: "600" },
    "sample-s": { type: "string", default: "5" },
    "max-rss-mib": { type: "string", default: "1024" },
    workers: { type: "string", default: "4" },
    out: { type: "string" },
  },
});
const sessionCount = Number(values.sessions);
const subscriberCount = Number(values.subscribers);
const durationS = Number(values["duration-s"]);
const sampleS = Number(values["sample-s"]);
const maxRssMiB = Number(values["max-rss-mib"]);
const workerCount = Number(values.workers);
const numbers = { sessionCount, subscriberCount, durationS, sampleS, maxRssMiB, workerCount };
for (const [name, v] of Object.entries(numbers)) {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer`);
}

const FRAME_MS = 20;
const FRAMES_PER_GROUP = 50;
const FRAME_BYTES = 160;
/**
 * Heap growth allowed between the first and last quarter of the steady phase,
 * compared on the smallest sample of each window: the heap right after a
 * collection, what is really live. (An idle relay collects nothing, so the heap
 * after the clients left is reported, not bounded.)
 */
const HEAP_SLACK_KIB = 8 * 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One reading of the relay: RSS (from /proc) and live heap (from /healthz). */
interface Sample {
  readonly atS: number;
  readonly rssKiB: number;
  readonly heapKiB: number;
}

type WorkerError = { readonly type: "error"; readonly message: string };

/** A worker of clients.ts and its one outstanding command. */
class LoadWorker {
  readonly #worker = new Worker(new URL("./clients.ts", import.meta.url), { type: "module" });

  ask(command: WorkerCommand): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      this.#worker.onmessage = (e: MessageEvent<WorkerReply | WorkerError>) => {
        if (e.data.type === "error") reject(new Error(e.data.message));
        else resolve(e.data);
      };
      this.#worker.postMessage(command);
    });
  }

  terminate(): void {
    this.#worker.terminate();
  }
}

/** Splits `n` into `parts` near-equal shares. */
const shares = (n: number, parts: number) =>
  Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));

const server = await ServerProcess.start([
  ...["--port", "0", "--no-auth", "--ephemeral", "--no-rtmp", "--log-level", "warn"],
  ...["--max-sessions", String(sessionCount + subscriberCount + 16)],
]);
const { ws, http } = server.ready;
const health = async () =>
  (await (await fetch(`${http}/healthz`)).json()) as Record<string, number>;
const startedMs = Date.now();

async function sample(): Promise<Sample> {
  const status = await Deno.readTextFile(`/proc/${server.pid}/status`);
  return {
    atS: Math.round((Date.now() - startedMs) / 1000),
    rssKiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN),
    heapKiB: (await health()).heapUsedKiB ?? Number.NaN,
  };
}

/** Samples every 500 ms for `ms`; the smallest heap and the last RSS stand for the moment. */
async function settle(ms = 3_000): Promise<Sample> {
  const seen: Sample[] = [];
  for (let t = 0; t < ms; t += 500) {
    await sleep(500);
    seen.push(await sample());
  }
  return { ...seen.at(-1)!, heapKiB: Math.min(...seen.map((x) => x.heapKiB)) };
}

const workers = Array.from({ length: workerCount }, () => new LoadWorker());
const samples: Sample[] = [];
const problems: string[] = [];
let publishing = true;
try {
  const start = await settle();
  const idleShares = shares(sessionCount, workerCount);
  await Promise.all(workers.map((w, i) => w.ask({ type: "idle", ws, count: idleShares[i]! })));
  const withIdle = await settle();

  const pub = await qmuxClient(ws);
  let publisherEnded: string | undefined;
  void pub.session.closed.then((info) => {
    if (publishing) publisherEnded = `${info.code}: ${info.reason}`;
  });
  const track = await TrackPublisher.publish(pub.session, "soak", "audio");
  const subShares = shares(subscriberCount, workerCount);
  await Promise.all(workers.map((w, i) => w.ask({ type: "subscribe", ws, count: subShares[i]! })));
  const withSubscribers = await settle();
  let sent = 0;
  const payload = new Uint8Array(FRAME_BYTES).fill(0x55);
  const publisher = (async () => {
    const t0 = performance.now();
    for (let g = 0; publishing; g++) {
      const w = await track.open(g);
      for (let o = 0; o < FRAMES_PER_GROUP && publishing; o++) {
        await w.write({ objectId: o, status: ObjectStatus.NORMAL, payload });
        sent++;
        // Paced against the start, so a late tick does not slow the whole stream.
        await sleep(Math.max(0, t0 + sent * FRAME_MS - performance.now()));
      }
      await w.close();
    }
  })().catch((e: unknown) => {
    problems.push(`publisher: ${e instanceof Error ? e.message : e}`);
  });

  const steadyFromMs = Date.now();
  while (Date.now() - steadyFromMs < durationS * 1000) {
    await sleep(sampleS * 1000);
    samples.push(await sample());
  }
  publishing = false;
  await publisher;
  const end = await sample();
  const h = await health();
  const want = sessionCount + subscriberCount + 1;
  if (h.sessions !== want) problems.push(`sessions ${h.sessions} during the load, want ${want}`);
  await sleep(500);
  const reports = (await Promise.all(workers.map((w) => w.ask({ type: "report" })))).filter(
    (r): r is WorkerReply & { type: "report" } => r.type === "report",
  );
  const received = reports.flatMap((r) => r.objects);
  if (Math.min(...received) < sent) {
    problems.push(`a subscriber got ${Math.min(...received)} of ${sent} Objects`);
  }
  const ended: Record<string, number> = {};
  for (const r of reports) {
    for (const [why, n] of Object.entries(r.ended)) ended[why] = (ended[why] ?? 0) + n;
  }
  if (publisherEnded !== undefined) ended[`publisher ${publisherEnded}`] = 1;
  if (Object.keys(ended).length > 0)
    problems.push(`sessions ended early: ${JSON.stringify(ended)}`);

  await Promise.all(workers.map((w) => w.ask({ type: "leave" })));
  pub.session.close();
  for (let i = 0; i < 100 && (await health()).sessions > 0; i++) await sleep(100);
  const afterLeave = await health();
  if (afterLeave.sessions !== 0 || afterLeave.tracks !== 0 || afterLeave.cacheBytes !== 0) {
    problems.push(`not back to zero after the clients left: ${JSON.stringify(afterLeave)}`);
  }
  const left = await settle(10_000);

  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const minHeap = (xs: Sample[]) => Math.min(...xs.map((x) => x.heapKiB));
  const heapGrowthKiB = minHeap(samples.slice(-quarter)) - minHeap(samples.slice(0, quarter));
  if (heapGrowthKiB > HEAP_SLACK_KIB) {
    problems.push(`live heap grew ${heapGrowthKiB} KiB during the steady phase`);
  }
  const peakRssKiB = Math.max(withSubscribers.rssKiB, ...samples.map((x) => x.rssKiB));
  if (peakRssKiB > maxRssMiB * 1024) problems.push(`RSS peaked at ${peakRssKiB} KiB`);
  const report = {
    sessions: sessionCount,
    subscribers: subscriberCount,
    durationS,
    objectsSent: sent,
    objectsPerSubscriber: { min: Math.min(...received), max: Math.max(...received) },
    maxGapMs: Math.round(Math.max(...reports.map((r) => r.maxGapMs))),
    loadGeneratorMaxLagMs: Math.round(Math.max(...reports.map((r) => r.maxLagMs))),
    sessionsEndedEarly: ended,
    rssKiB: {
      start: start.rssKiB,
      withIdleSessions: withIdle.rssKiB,
      withSubscribers: withSubscribers.rssKiB,
      peak: peakRssKiB,
      end: end.rssKiB,
      afterLeave: left.rssKiB,
    },
    heapKiB: {
      start: start.heapKiB,
      withIdleSessions: withIdle.heapKiB,
      withSubscribers: withSubscribers.heapKiB,
      steadyGrowth: heapGrowthKiB,
      afterLeave: left.heapKiB,
    },
    perSessionKiB: Math.round((withIdle.rssKiB - start.rssKiB) / sessionCount),
    perSubscriberKiB: Math.round((withSubscribers.rssKiB - withIdle.rssKiB) / subscriberCount),
    samples,
    problems,
    relayWarnings: server.logs.filter((r) => r.level !== "info").slice(-10),
  };
  const text = JSON.stringify(report, null, 2);
  console.log(text);
  if (values.out !== undefined) await Deno.writeTextFile(values.out, `${text}\n`);
} catch (e) {
  problems.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  console.error(problems.at(-1));
} finally {
  publishing = false;
  for (const w of workers) w.terminate();
  await server.stop();
}
Deno.exit(problems.length > 0 ? 1 : 0);
