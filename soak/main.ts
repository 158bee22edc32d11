// The relay under a long steady load (run by `npm run soak`, see scripts/soak.mjs):
// `--sessions` idle QMux sessions, then one publisher sending an audio-like track
// (one 160-byte Object every 20 ms, a Group per second) to `--subscribers`
// subscriber sessions, for `--duration-s` seconds. The relay's RSS is sampled
// throughout; the report gives RSS at start, peak and end, after the clients
// leave, and the KiB each idle session and each subscriber session costs; the
// live JavaScript heap (from /healthz) is sampled beside it. Exits 1 when a
// bound is broken: RSS above --max-rss-mib, the heap growing during the steady
// phase, sessions, tracks or cache bytes left after the clients left, a session
// ending early, or a subscriber missing Objects.
import { parseArgs } from "node:util";
import { type Client, ns, qmuxClient, TrackPublisher, tn } from "../server/tests/clients.ts";
import { ServerProcess } from "../server/tests/process.ts";
import type { IncomingSubgroupStream } from "../src/moqt/session/index.ts";
import { ObjectStatus } from "../src/moqt/wire/data/index.ts";

// Deno's own WebSocketStream (behind --unstable-net) hands `@moq/qmux` null chunks
// when hundreds of sockets are busy, which ends those sessions as protocol
// violations; the load uses the WebSocket-based stream every other runtime gets.
delete (globalThis as { WebSocketStream?: unknown }).WebSocketStream;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    sessions: { type: "string", default: "500" },
    subscribers: { type: "string", default: "100" },
    "duration-s": { type: "string", default: "600" },
    "sample-s": { type: "string", default: "5" },
    "max-rss-mib": { type: "string", default: "1024" },
    out: { type: "string" },
  },
});
const sessionCount = Number(values.sessions);
const subscriberCount = Number(values.subscribers);
const durationS = Number(values["duration-s"]);
const sampleS = Number(values["sample-s"]);
const maxRssMiB = Number(values["max-rss-mib"]);
const numbers = { sessionCount, subscriberCount, durationS, sampleS, maxRssMiB };
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

/** Counts a subscriber's Objects and the longest wait between two of them. */
class Tally {
  objects = 0;
  maxGapMs = 0;
  #lastAtMs = 0;

  listeners() {
    return {
      subgroupStream: (s: IncomingSubgroupStream) => void this.#drain(s),
    };
  }

  async #drain(s: IncomingSubgroupStream): Promise<void> {
    try {
      for await (const _ of s) {
        const now = performance.now();
        if (this.#lastAtMs > 0) this.maxGapMs = Math.max(this.maxGapMs, now - this.#lastAtMs);
        this.#lastAtMs = now;
        this.objects++;
      }
    } catch {
      // a reset stream: counted as far as it went
    }
  }
}

/** Opens `n` clients, 20 at a time. */
async function openMany(n: number, make: (i: number) => Promise<Client>): Promise<Client[]> {
  const out: Client[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = Array.from({ length: Math.min(20, n - i) }, (_, k) => make(i + k));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

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

// This process's own event-loop lag: a load generator that stalls longer than the
// transport's idle timeout (10 s) loses its sessions, which is not the relay's doing.
let maxLagMs = 0;
let tickAtMs = performance.now();
const lagTimer = setInterval(() => {
  const now = performance.now();
  maxLagMs = Math.max(maxLagMs, now - tickAtMs - 100);
  tickAtMs = now;
}, 100);

const samples: Sample[] = [];
const problems: string[] = [];
let publishing = true;
let leaving = false;
/** Sessions that ended before the clients left, by reason. */
const ended = new Map<string, number>();
function watch(c: Client): Client {
  void c.session.closed.then((info) => {
    if (leaving) return;
    const why = `${info.remote ? "remote" : "local"} ${info.code}: ${info.reason}`;
    ended.set(why, (ended.get(why) ?? 0) + 1);
  });
  return c;
}
try {
  const start = await settle();
  const idle = await openMany(sessionCount, async (i) =>
    watch(await qmuxClient(ws, { draft: i % 2 ? 14 : 16 })),
  );
  const withIdle = await settle();

  const pub = watch(await qmuxClient(ws));
  const track = await TrackPublisher.publish(pub.session, "soak", "audio");
  const tallies = Array.from({ length: subscriberCount }, () => new Tally());
  const subs = await openMany(subscriberCount, async (i) => {
    const c = watch(await qmuxClient(ws, { draft: i % 2 ? 14 : 16, on: tallies[i]!.listeners() }));
    await c.session.subscribe({ trackNamespace: ns("soak"), trackName: tn("audio") });
    return c;
  });
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
  const received = tallies.map((t) => t.objects);
  if (Math.min(...received) < sent) {
    problems.push(`a subscriber got ${Math.min(...received)} of ${sent} Objects`);
  }
  if (ended.size > 0) problems.push(`sessions ended early: ${JSON.stringify([...ended])}`);

  leaving = true;
  for (const c of [pub, ...subs, ...idle]) c.session.close();
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
    maxGapMs: Math.round(Math.max(...tallies.map((t) => t.maxGapMs))),
    loadGeneratorMaxLagMs: Math.round(maxLagMs),
    sessionsEndedEarly: Object.fromEntries(ended),
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
  clearInterval(lagTimer);
  publishing = false;
  await server.stop();
}
Deno.exit(problems.length > 0 ? 1 : 0);
