// A soak load-generator worker (see main.ts): holds its share of the idle and
// subscriber sessions on its own thread, so one busy event loop does not stall
// every session past the transport's idle timeout.
import { type Client, ns, qmuxClient, tn } from "../server/tests/clients.ts";
import type { IncomingSubgroupStream } from "../src/moqt/session/index.ts";

// Deno's own WebSocketStream (behind --unstable-net) hands `@moq/qmux` null chunks
// when hundreds of sockets are busy, which ends those sessions as protocol
// violations; the load uses the WebSocket-based stream every other runtime gets.
delete (globalThis as { WebSocketStream?: unknown }).WebSocketStream;

/** Commands from main.ts, each answered by one `WorkerReply`. */
export type WorkerCommand =
  | { readonly type: "idle"; readonly ws: string; readonly count: number }
  | { readonly type: "subscribe"; readonly ws: string; readonly count: number }
  | { readonly type: "report" }
  | { readonly type: "leave" };

/** What a worker's sessions saw. */
export interface WorkerReport {
  /** Objects each subscriber received. */
  readonly objects: readonly number[];
  /** Longest wait between two Objects at any subscriber. */
  readonly maxGapMs: number;
  /** Sessions that ended before `leave`, by reason. */
  readonly ended: Readonly<Record<string, number>>;
  /** This worker's longest event-loop stall beyond its 100 ms tick. */
  readonly maxLagMs: number;
}

export type WorkerReply = { readonly type: "done" } | ({ readonly type: "report" } & WorkerReport);

/** Counts a subscriber's Objects and the longest wait between two of them. */
class Tally {
  objects = 0;
  maxGapMs = 0;
  #lastAtMs = 0;

  readonly subgroupStream = (s: IncomingSubgroupStream) => void this.#drain(s);

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

const clients: Client[] = [];
const tallies: Tally[] = [];
const ended: Record<string, number> = {};
let leaving = false;
let maxLagMs = 0;
let tickAtMs = performance.now();
setInterval(() => {
  const now = performance.now();
  maxLagMs = Math.max(maxLagMs, now - tickAtMs - 100);
  tickAtMs = now;
}, 100);

async function open(ws: string, i: number, tally?: Tally): Promise<Client> {
  const c = await qmuxClient(ws, {
    draft: i % 2 ? 14 : 16,
    ...(tally !== undefined && { on: { subgroupStream: tally.subgroupStream } }),
  });
  void c.session.closed.then((info) => {
    if (leaving) return;
    const why = `${info.remote ? "remote" : "local"} ${info.code}: ${info.reason}`;
    ended[why] = (ended[why] ?? 0) + 1;
  });
  clients.push(c);
  return c;
}

/** Runs `make(i)` for 0..n−1, 20 at a time. */
async function inBatches(n: number, make: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, n - i) }, (_, k) => make(i + k)));
  }
}

async function handle(c: WorkerCommand): Promise<WorkerReply> {
  switch (c.type) {
    case "idle":
      await inBatches(c.count, (i) => open(c.ws, i));
      return { type: "done" };
    case "subscribe":
      await inBatches(c.count, async (i) => {
        const tally = new Tally();
        tallies.push(tally);
        const client = await open(c.ws, i, tally);
        await client.session.subscribe({ trackNamespace: ns("soak"), trackName: tn("audio") });
      });
      return { type: "done" };
    case "report":
      return {
        type: "report",
        objects: tallies.map((t) => t.objects),
        maxGapMs: Math.max(0, ...tallies.map((t) => t.maxGapMs)),
        ended,
        maxLagMs,
      };
    case "leave":
      leaving = true;
      for (const client of clients) client.session.close();
      return { type: "done" };
  }
}

const scope = self as unknown as {
  onmessage: (e: MessageEvent<WorkerCommand>) => void;
  postMessage(reply: WorkerReply | { readonly type: "error"; readonly message: string }): void;
};
scope.onmessage = (e) => {
  handle(e.data).then(
    (reply) => scope.postMessage(reply),
    (err: unknown) =>
      scope.postMessage({
        type: "error",
        message: err instanceof Error ? err.message : String(err),
      }),
  );
};
