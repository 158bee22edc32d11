// A child process of bench/fanout.bench.ts, run by Deno:
//   deno run -A --unstable-net bench/fanout/client.ts <role> <mode> <url> [<count> <hash>]
// role "pub": one publisher; waits for "go <objects> <round>" on stdin, then sends
//   that many 1 KiB Objects at RATE_PER_S in Groups of PER_GROUP (one stream per Group).
// role "sub": <count> subscriber sessions; "report <round>" on stdin prints what each
//   got of that round (late Objects of an earlier round do not count toward it).
// mode "moqt-ws" (QMux over WebSocket, draft-16), "moqt-wt" (Deno's WebTransport,
// version chosen in SETUP), "raw-ws" (the baseline broadcaster, one message per Object).
// Every payload starts with its send time in epoch milliseconds (float64), so a
// subscriber measures publish-to-receive latency on the shared host clock, then
// the round (one byte), then 1 for the first Object of its Group (one byte).
// Talks to the runner in JSON lines on stdout.
import {
  type IncomingSubgroupStream,
  MoqtSession,
  protocolsFor,
  type SubgroupWriter,
} from "../../src/moqt/session/index.ts";
import { ObjectStatus, SubgroupIdMode } from "../../src/moqt/wire/data/index.ts";
import { namespaceFromPath, Version } from "../../src/moqt/wire/index.ts";
import { connectTransport } from "../../src/transport/connect.ts";
import type { MoqReceiveStream, MoqTransport } from "../../src/transport/types.ts";
import { connectWebTransport } from "../../src/transport/webtransport.ts";
import { lines, nowMs, READ_BYTES, say, sleep } from "./child-io.ts";

declare const Deno: {
  readonly args: readonly string[];
  exit(code: number): never;
};

export type Mode = "moqt-ws" | "moqt-wt" | "raw-ws";

/** What a subscriber process prints on "report". */
export interface SubReport {
  /** Objects of the round each session got. */
  readonly received: number[];
  /**
   * Publish-to-receive latency of every delivery, ms (0.01 resolution): of the
   * first Object of each Group (it opens a new stream), and of the later ones.
   */
  readonly firstLatenciesMs: number[];
  readonly laterLatenciesMs: number[];
  /** Objects of any round received since the previous report. */
  readonly deliveries: number;
}

export const OBJECT_BYTES = 1024;
export const RATE_PER_S = 100;
export const PER_GROUP = 10;
const NAMESPACE = namespaceFromPath("fanout");
const NAME = new TextEncoder().encode("objects");

function payload(round: number, first: boolean): Uint8Array {
  const p = new Uint8Array(OBJECT_BYTES);
  new DataView(p.buffer).setFloat64(0, nowMs());
  p[8] = round;
  p[9] = first ? 1 : 0;
  return p;
}

function latencyOf(p: Uint8Array, at: number): number {
  const sent = new DataView(p.buffer, p.byteOffset, 8).getFloat64(0);
  return Math.round((at - sent) * 100) / 100;
}

/**
 * A receive stream whose reader reads READ_BYTES at a time. Deno's QUIC receive
 * streams are byte streams whose default reader allocates and zeroes a 64 KiB
 * buffer for every read (most of a subscriber process's CPU at 1 KiB per read); a
 * BYOB read of a small buffer fills only what arrived. The session layer only
 * calls `getReader()` and the reader's `read()` and `cancel()`.
 */
function smallReads(stream: MoqReceiveStream): MoqReceiveStream {
  let byob: ReadableStreamBYOBReader;
  try {
    byob = stream.getReader({ mode: "byob" });
  } catch {
    return stream; // not a byte stream
  }
  const reader = {
    read: () => byob.read(new Uint8Array(READ_BYTES)),
    cancel: (reason?: unknown) => byob.cancel(reason),
    releaseLock: () => byob.releaseLock(),
    closed: byob.closed,
  } as unknown as ReadableStreamDefaultReader<Uint8Array>;
  return new Proxy(stream, {
    get: (target, key) => (key === "getReader" ? () => reader : Reflect.get(target, key)),
  });
}

/** `transport` with its incoming unidirectional streams read by {@link smallReads}. */
function withSmallReads(transport: MoqTransport): MoqTransport {
  const incoming = transport.incomingUnidirectionalStreams.pipeThrough(
    new TransformStream<MoqReceiveStream, MoqReceiveStream>({
      transform: (stream, controller) => controller.enqueue(smallReads(stream)),
    }),
  );
  return new Proxy(transport, {
    get: (target, key) =>
      key === "incomingUnidirectionalStreams" ? incoming : Reflect.get(target, key),
  });
}

async function moqtSession(
  mode: Mode,
  url: string,
  hash: string,
  on: Parameters<typeof MoqtSession.connect>[1],
): Promise<MoqtSession> {
  let transport: MoqTransport;
  if (mode === "moqt-wt") {
    transport = await connectWebTransport(url, {
      protocols: protocolsFor(),
      serverCertificateHashes: [hash],
    });
    return MoqtSession.connect(withSmallReads(transport), on);
  }
  transport = await connectTransport(url, {
    transport: "websocket",
    protocols: protocolsFor([Version.DRAFT_16]),
  });
  return MoqtSession.connect(transport, { ...on, versions: [Version.DRAFT_16] });
}

/** Sends `count` Objects paced on an absolute schedule, so the rate holds on a busy host. */
async function paced(count: number, send: (i: number) => Promise<void>): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    await sleep(t0 + (i * 1000) / RATE_PER_S - performance.now());
    await send(i);
  }
}

async function publisher(mode: Mode, url: string, hash: string): Promise<void> {
  let sendAll: (count: number, round: number) => Promise<void>;
  if (mode === "raw-ws") {
    const ws = new WebSocket(`${url}/pub`);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    sendAll = (count, round) =>
      paced(count, async (i) => ws.send(payload(round, i % PER_GROUP === 0)));
  } else {
    const session = await moqtSession(mode, url, hash, {});
    await session.publish({
      trackNamespace: NAMESPACE,
      trackName: NAME,
      trackAlias: 1,
      forward: true,
    });
    let group = 0;
    let writer: SubgroupWriter | undefined;
    sendAll = (count, round) =>
      paced(count, async (i) => {
        const objectId = i % PER_GROUP;
        if (objectId === 0) {
          void writer?.close().catch(() => undefined);
          writer = await session.openSubgroup({
            kind: "subgroup",
            trackAlias: 1,
            groupId: group++,
            subgroupIdMode: SubgroupIdMode.ZERO,
            publisherPriority: 128,
            hasExtensions: false,
            endOfGroup: false,
          });
        }
        await writer!.write({
          objectId,
          status: ObjectStatus.NORMAL,
          payload: payload(round, objectId === 0),
        });
        if (i === count - 1) await writer!.close();
      });
  }
  say({ ready: true });
  for await (const line of lines()) {
    const [cmd, count, round] = line.split(" ");
    if (cmd === "go") {
      await sendAll(Number(count), Number(round));
      say({ done: true });
    } else if (cmd === "exit") Deno.exit(0);
  }
}

async function subscribers(mode: Mode, url: string, count: number, hash: string): Promise<void> {
  type Round = Omit<SubReport, "deliveries">;
  const fresh = (): Round => ({
    received: new Array<number>(count).fill(0),
    firstLatenciesMs: [],
    laterLatenciesMs: [],
  });
  const rounds = new Map<number, Round>();
  let deliveries = 0;
  const got = (i: number, p: Uint8Array) => {
    const at = nowMs();
    let r = rounds.get(p[8]!);
    if (r === undefined) {
      r = fresh();
      rounds.set(p[8]!, r);
    }
    (p[9] === 1 ? r.firstLatenciesMs : r.laterLatenciesMs).push(latencyOf(p, at));
    r.received[i]!++;
    deliveries++;
  };
  const drain = async (i: number, s: IncomingSubgroupStream) => {
    try {
      for await (const o of s) got(i, o.payload);
    } catch {
      // reset: whatever it lacked counts as not delivered
    }
  };
  // Ten at a time: a burst of 100 handshakes is not what is measured.
  for (let at = 0; at < count; at += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - at) }, async (_, k) => {
        const i = at + k;
        if (mode === "raw-ws") {
          const ws = new WebSocket(`${url}/sub`);
          ws.binaryType = "arraybuffer";
          ws.onmessage = (e) => got(i, new Uint8Array(e.data as ArrayBuffer));
          await new Promise((resolve, reject) => {
            ws.onopen = resolve;
            ws.onerror = reject;
          });
          return;
        }
        const session = await moqtSession(mode, url, hash, {
          on: { subgroupStream: (s) => void drain(i, s) },
        });
        await session.subscribe({ trackNamespace: NAMESPACE, trackName: NAME });
      }),
    );
  }
  say({ ready: true });
  for await (const line of lines()) {
    const [cmd, round] = line.split(" ");
    if (cmd === "report") {
      const r = rounds.get(Number(round)) ?? fresh();
      say({ ...r, deliveries } satisfies SubReport);
      deliveries = 0;
    } else if (cmd === "exit") Deno.exit(0);
  }
}

if ((import.meta as { main?: boolean }).main) {
  const [role, mode, url, count, hash] = Deno.args;
  try {
    if (role === "pub") await publisher(mode as Mode, url!, hash ?? "");
    else await subscribers(mode as Mode, url!, Number(count), hash ?? "");
  } catch (e) {
    say({ error: e instanceof Error ? e.message : String(e) });
    Deno.exit(1);
  }
}
