// Browser side of bench/client.bench.ts: a `MoqtClient` publisher, subscriber,
// or both (one client that subscribes to its own track through the relay), and
// a raw WebTransport client of the dev server's /echo, all sending 1 KB frames
// (a stream each) at a paced rate. Latencies are wall-clock milliseconds
// (performance.timeOrigin + now()), so two pages on one machine compare.
import { type FramePublication, MoqtClient } from "../../src/moqt/index.ts";

const nowMs = () => performance.timeOrigin + performance.now();
/** The two-page track; the one-page client ("both") has a track of its own. */
const NS = "bench/sdk";
const LOOP_NS = "bench/loop";
const TRACK = "frames";

/** What a receiver collected since the last `take`, of frames sent at or after its `sinceMs`. */
export interface Collected {
  readonly received: number;
  readonly latenciesMs: number[];
  /** Wall-clock time of the last receive, ms. */
  readonly lastAtMs: number;
  /** Frames that arrived meanwhile but were sent before `sinceMs` (left over from an earlier batch). */
  readonly stale: number;
}

/** Frames received since the last `take`: send and receive times (wall clock, ms). */
class Arrivals {
  private sentMs: number[] = [];
  private atMs: number[] = [];

  add(sentMs: number, atMs: number): void {
    this.sentMs.push(sentMs);
    this.atMs.push(atMs);
  }

  /** Takes what arrived, counting only frames sent at or after `sinceMs`. */
  take(sinceMs: number): Collected {
    const latenciesMs: number[] = [];
    let lastAtMs = 0;
    for (let i = 0; i < this.sentMs.length; i++) {
      if (this.sentMs[i]! < sinceMs) continue;
      latenciesMs.push(this.atMs[i]! - this.sentMs[i]!);
      lastAtMs = Math.max(lastAtMs, this.atMs[i]!);
    }
    const stale = this.sentMs.length - latenciesMs.length;
    this.sentMs = [];
    this.atMs = [];
    return { received: latenciesMs.length, latenciesMs, lastAtMs, stale };
  }
}

let client: MoqtClient | undefined;
let publication: FramePublication | undefined;
const sdkArrivals = new Arrivals();
const rawArrivals = new Arrivals();
let echo: WebTransport | undefined;
/** Raw frames whose stream could not be opened or written (counted, never thrown). */
let rawSendFailures = 0;
let subscribed: Promise<void> | undefined;
/** Why this page's client lost its sessions (e.g. the liveness probe judged the relay dead). */
const lostSessions: string[] = [];

/** Calls `send(i)` `count` times at `fps`, in 5 ms ticks; resolves when all are sent. */
async function pace(count: number, fps: number, send: (i: number) => void): Promise<void> {
  const start = performance.now();
  let sent = 0;
  while (sent < count) {
    const due = Math.min(count, Math.floor(((performance.now() - start) * fps) / 1000) + 1);
    while (sent < due) send(sent++);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const api = {
  /**
   * Connects a MoqtClient; the publisher publishes (resolves once live), the
   * subscriber subscribes to the frame track (see `subscribed`); "both" does both
   * on one client, so its frames cross the relay back to the same session.
   */
  async sdk(url: string, role: "publisher" | "subscriber" | "both"): Promise<void> {
    const ns = role === "both" ? LOOP_NS : NS;
    client = MoqtClient.connect(url);
    client.on("retry", ({ attempt, error }) => {
      if (attempt !== 1) return;
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
      lostSessions.push(`${error.code} ${error.message}${cause}`);
    });
    await client.connected(AbortSignal.timeout(15_000));
    if (role !== "subscriber") {
      const pub = client.publishFrame(ns, TRACK, { capability: "bench", defaultPriority: 64 });
      await new Promise<void>((resolve) => pub.on("live", () => resolve()));
      publication = pub;
      if (role === "publisher") return;
    }
    const sub = client.subscribeFrame(ns, TRACK, (tsUs) => sdkArrivals.add(tsUs / 1000, nowMs()), {
      latest: false,
    });
    subscribed = new Promise<void>((resolve) => sub.on("subscribed", () => resolve()));
  },

  /** Resolves once the relay accepted the subscription (it holds it until the track is published). */
  async subscribed(): Promise<void> {
    await subscribed;
  },

  /**
   * Publishes `count` frames of `size` bytes at `fps`, each stamped with its send
   * time; resolves with the wall-clock start, ms.
   */
  async sdkSend(count: number, fps: number, size: number): Promise<number> {
    const pub = publication;
    if (pub === undefined) throw new Error("not a publisher");
    const payload = new Uint8Array(size);
    const startMs = nowMs();
    await pace(count, fps, () => pub.write(Math.round(nowMs() * 1000), payload));
    return startMs;
  },

  sdkTake(sinceMs: number): Collected {
    return sdkArrivals.take(sinceMs);
  },

  /** Opens a native WebTransport session to the echo path, pinned to the served certificate. */
  async raw(httpUrl: string, echoUrl: string): Promise<void> {
    const hex = (await (await fetch(`${httpUrl}/certificate.sha256`)).text()).trim();
    const value = new Uint8Array(hex.match(/../g)!.map((b) => Number.parseInt(b, 16)));
    const wt = new WebTransport(echoUrl, {
      serverCertificateHashes: [{ algorithm: "sha-256", value }],
    });
    await wt.ready;
    echo = wt;
    void (async () => {
      const reader = wt.incomingUnidirectionalStreams.getReader();
      for (;;) {
        const { value: stream, done } = await reader
          .read()
          .catch(() => ({ value: undefined, done: true }));
        if (done || stream === undefined) return;
        void readAll(stream).then(
          (bytes) => {
            const sentMs = new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, true);
            rawArrivals.add(sentMs, nowMs());
          },
          () => undefined,
        );
      }
    })();
  },

  /**
   * Sends `count` frames of `size` bytes at `fps` on one unidirectional stream
   * each; resolves with the wall-clock start, ms.
   */
  async rawSend(count: number, fps: number, size: number): Promise<number> {
    const wt = echo;
    if (wt === undefined) throw new Error("no echo session");
    const writes: Promise<void>[] = [];
    const startMs = nowMs();
    await pace(count, fps, () => {
      const payload = new Uint8Array(size);
      new DataView(payload.buffer).setFloat64(0, nowMs(), true);
      writes.push(
        wt
          .createUnidirectionalStream()
          .then(async (s) => {
            const w = s.getWriter();
            await w.write(payload);
            await w.close();
          })
          .catch(() => {
            rawSendFailures++;
          }),
      );
    });
    await Promise.all(writes);
    return startMs;
  },

  rawTake(sinceMs: number): Collected {
    return rawArrivals.take(sinceMs);
  },

  /**
   * Frames the publisher page could not send so far: the SDK publication's
   * `dropped` (a stream that failed to open or finish) and the raw path's failures.
   */
  sendFailures(): { sdk: number; raw: number } {
    return { sdk: publication?.dropped ?? 0, raw: rawSendFailures };
  },

  /** Why this page's client lost sessions so far (each was dialled again). */
  lostSessions(): string[] {
    return lostSessions;
  },

  async close(): Promise<void> {
    echo?.close();
    await client?.close();
  },
};

export type ClientBenchApi = typeof api;

Object.assign(globalThis, { bench: api, benchReady: true });
