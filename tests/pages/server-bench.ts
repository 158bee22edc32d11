// Browser side of bench/relay.bench.ts: a publisher or a share of the
// subscribers of the real dev server over native WebTransport (SDK transport +
// session), and the raw WebTransport echo baseline through the same server.
// Every payload is 1 KiB whose first 8 bytes carry the send time in epoch
// milliseconds (timeOrigin + now), comparable across pages.
import {
  type IncomingSubgroupStream,
  MoqtSession,
  protocolsFor,
} from "../../src/moqt/session/index.ts";
import { ObjectStatus, SubgroupIdMode } from "../../src/moqt/wire/data/index.ts";
import { namespaceFromPath, Version } from "../../src/moqt/wire/index.ts";
import { connectTransport } from "../../src/transport/index.ts";

const OBJECT_BYTES = 1024;
/** Objects per Group: one stream per Group, as media tracks do. */
const PER_GROUP = 10;
const NAMESPACE = namespaceFromPath("bench");
const NAME = new TextEncoder().encode("objects");

interface Sub {
  session: MoqtSession | undefined;
  received: number;
}

const subs: Sub[] = [];
let pub: MoqtSession | undefined;
let nextGroup = 0;
let samples: number[] = [];
let record = false;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => performance.timeOrigin + performance.now();

function payload(): Uint8Array {
  const p = new Uint8Array(OBJECT_BYTES);
  new DataView(p.buffer).setFloat64(0, nowMs());
  return p;
}

async function drain(s: IncomingSubgroupStream, sub: Sub): Promise<void> {
  try {
    for await (const o of s) {
      if (record) {
        const sent = new DataView(o.payload.buffer, o.payload.byteOffset, 8).getFloat64(0);
        samples.push(nowMs() - sent);
      }
      sub.received++;
    }
  } catch {
    // dropped or reset
  }
}

async function session(url: string, on: Parameters<typeof MoqtSession.connect>[1]) {
  const transport = await connectTransport(url, {
    transport: "webtransport",
    protocols: protocolsFor([Version.DRAFT_16]),
  });
  return MoqtSession.connect(transport, { ...on, versions: [Version.DRAFT_16] });
}

const bench = {
  /** Connects the publisher and PUBLISHes the track. */
  async publisher(url: string): Promise<void> {
    pub = await session(url, {});
    await pub.publish({ trackNamespace: NAMESPACE, trackName: NAME, trackAlias: 1, forward: true });
  },

  /** Connects `n` subscribers of the track (ten at a time). */
  async subscribers(url: string, n: number): Promise<void> {
    for (let i = 0; i < n; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, n - i) }, async () => {
          const sub: Sub = { session: undefined, received: 0 };
          sub.session = await session(url, {
            on: { subgroupStream: (st) => void drain(st, sub) },
          });
          await sub.session.subscribe({ trackNamespace: NAMESPACE, trackName: NAME });
          subs.push(sub);
        }),
      );
    }
  },

  /** Zeroes the counters; `latency` records every delivery's latency until `stats`. */
  reset(latency: boolean): void {
    for (const s of subs) s.received = 0;
    samples = [];
    record = latency;
  },

  /** Fewest Objects any subscriber here received, all deliveries, and the latency samples. */
  stats(): { minReceived: number; delivered: number; samples: number[] } {
    const out = {
      minReceived: subs.reduce((m, s) => Math.min(m, s.received), Number.POSITIVE_INFINITY),
      delivered: subs.reduce((n, s) => n + s.received, 0),
      samples,
    };
    samples = [];
    return out;
  },

  /**
   * Publishes `count` Objects in Groups of PER_GROUP, `intervalMs` apart (0: back to
   * back). A stream the browser fails to create ("Failed to create send stream") is
   * retried after a growing pause; when it keeps failing (about 2 s) the phase stops
   * early rather than ending the run. Returns how many opens failed.
   */
  async send(count: number, intervalMs: number): Promise<number> {
    const p = pub!;
    let openFailures = 0;
    const open = async (groupId: number) => {
      for (let attempt = 0; attempt < 12; attempt++) {
        try {
          return await p.openSubgroup({
            kind: "subgroup",
            trackAlias: 1,
            groupId,
            subgroupIdMode: SubgroupIdMode.ZERO,
            publisherPriority: 128,
            hasExtensions: false,
            endOfGroup: false,
          });
        } catch {
          openFailures++;
          if (p.isClosed) return undefined;
          await sleep(Math.min(500, 5 << attempt));
        }
      }
      return undefined;
    };
    for (let sent = 0; sent < count; ) {
      const w = await open(nextGroup++);
      if (w === undefined) return openFailures;
      try {
        for (let o = 0; o < PER_GROUP && sent < count; o++, sent++) {
          if (intervalMs > 0) await sleep(intervalMs);
          await w.write({ objectId: o, status: ObjectStatus.NORMAL, payload: payload() });
        }
      } catch {
        openFailures++; // the stream failed after opening: counted alike
        continue;
      }
      void w.close().catch(() => undefined);
    }
    return openFailures;
  },

  teardown(): void {
    for (const s of subs) s.session?.close();
    subs.length = 0;
    pub?.close();
    pub = undefined;
  },

  /**
   * Raw WebTransport echo through the same server: 1 KiB records on one
   * bidirectional stream, `intervalMs` apart (round-trip samples) or back to
   * back at 0 (elapsed time).
   */
  async echo(
    url: string,
    hashHex: string,
    count: number,
    intervalMs: number,
  ): Promise<{ samples: number[]; ms: number; complete: boolean }> {
    const value = Uint8Array.from(hashHex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    const wt = new WebTransport(url, {
      serverCertificateHashes: [{ algorithm: "sha-256", value }],
    });
    await wt.ready;
    const stream = await wt.createBidirectionalStream();
    const writer = stream.writable.getWriter();
    const rtts: number[] = [];
    const rec = new Uint8Array(OBJECT_BYTES);
    let filled = 0;
    let received = 0;
    const reading = (async () => {
      const reader = stream.readable.getReader();
      while (received < count) {
        const { value: chunk, done } = await reader.read();
        if (done) return;
        for (let i = 0; i < chunk.length; ) {
          const n = Math.min(OBJECT_BYTES - filled, chunk.length - i);
          rec.set(chunk.subarray(i, i + n), filled);
          filled += n;
          i += n;
          if (filled === OBJECT_BYTES) {
            rtts.push(nowMs() - new DataView(rec.buffer).getFloat64(0));
            filled = 0;
            received++;
          }
        }
      }
    })();
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      if (intervalMs > 0) await sleep(intervalMs);
      await writer.write(payload());
    }
    const complete = await Promise.race([
      reading.then(() => true),
      sleep(20_000).then(() => false),
    ]);
    const ms = performance.now() - t0;
    wt.close();
    return { samples: rtts, ms, complete };
  },
};

export type RelayBenchPage = typeof bench;
(globalThis as unknown as { bench: RelayBenchPage }).bench = bench;
(globalThis as unknown as { benchReady: boolean }).benchReady = true;
