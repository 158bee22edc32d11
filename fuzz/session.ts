// The MoQT session layer (src/moqt/session/) against a malicious in-process peer:
// a client and a server session over an in-memory transport pair complete SETUP,
// then one side's transport injects malformed input between its session's own
// writes — mutated control messages on the control stream (valid but unexpected
// ones too: responses to nothing, a second SETUP), mutated data streams and
// datagrams — while the honest side makes requests. Each input must leave the
// attacked session either open or closed with a MoQT termination code, with no
// unhandled rejection, and its `closed` must settle once the transport goes.
import { MoqtSession } from "../src/moqt/session/index.ts";
import { namespaceFromPath, PROFILES } from "../src/moqt/wire/index.ts";
import { createTransportPair } from "../src/transport/memory.ts";
import type {
  MoqBidirectionalStream,
  MoqSendStream,
  MoqStreamOptions,
  MoqTransport,
} from "../src/transport/types.ts";
import { buildCorpus, type Seed } from "./corpus.ts";
import { mutate, Rng } from "./mutate.ts";
import { RejectionCounter } from "./rejections.ts";

/** What `fuzzSession` found. */
export interface SessionFuzzReport {
  readonly inputs: number;
  /** Inputs after which the attacked session closed itself (a protocol error found). */
  readonly closedByViolation: number;
  /** Promise rejections left unhandled (each is also a finding). */
  readonly unhandledRejections: number;
  readonly elapsedMs: number;
  readonly findings: readonly string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A transport whose control stream (its first bidirectional stream) also carries injected bytes. */
class InjectingTransport implements MoqTransport {
  #control: WritableStreamDefaultWriter<Uint8Array> | undefined;

  constructor(private readonly inner: MoqTransport) {}

  get ready() {
    return this.inner.ready;
  }
  get closed() {
    return this.inner.closed;
  }
  get protocol() {
    return this.inner.protocol;
  }
  get incomingBidirectionalStreams() {
    return this.inner.incomingBidirectionalStreams;
  }
  get incomingUnidirectionalStreams() {
    return this.inner.incomingUnidirectionalStreams;
  }
  get datagrams() {
    return this.inner.datagrams;
  }
  close(info?: Parameters<MoqTransport["close"]>[0]): void {
    this.inner.close(info);
  }
  createUnidirectionalStream(o?: MoqStreamOptions): Promise<MoqSendStream> {
    return this.inner.createUnidirectionalStream(o);
  }

  async createBidirectionalStream(o?: MoqStreamOptions): Promise<MoqBidirectionalStream> {
    const s = await this.inner.createBidirectionalStream(o);
    if (this.#control !== undefined) return s;
    const writer = s.writable.getWriter();
    this.#control = writer;
    return {
      readable: s.readable,
      writable: new WritableStream<Uint8Array>({
        write: (chunk) => writer.write(chunk),
        close: () => writer.close(),
        abort: (reason) => writer.abort(reason),
      }),
    };
  }

  /** Writes `bytes` on the control stream, between the session's own messages. */
  async injectControl(bytes: Uint8Array): Promise<void> {
    await this.#control?.write(bytes);
  }
}

/** One attack: SETUP, then `seeds` mutated into the attacker's transport while the victim is used. */
async function attack(
  seeds: readonly Seed[],
  rng: Rng,
  attackerIsClient: boolean,
): Promise<"open" | "violation"> {
  const version = seeds[0]!.version;
  const [ct, st] = createTransportPair({ protocol: PROFILES[version].alpn });
  const client = attackerIsClient ? new InjectingTransport(ct) : ct;
  const server = attackerIsClient ? st : new InjectingTransport(st);
  const o = { versions: [version], on: { subgroupStream: () => {}, datagram: () => {} } };
  const [victimSession, attackerSession] = await Promise.all(
    attackerIsClient
      ? [MoqtSession.accept(server, o), MoqtSession.connect(client, o)]
      : [MoqtSession.connect(client, o), MoqtSession.accept(server, o)],
  );
  const attacker = (attackerIsClient ? client : server) as InjectingTransport;
  const honest = [
    () =>
      victimSession.subscribe({
        trackNamespace: namespaceFromPath("f/1"),
        trackName: new Uint8Array([1]),
      }),
    () =>
      victimSession.trackStatus({
        trackNamespace: namespaceFromPath("f/2"),
        trackName: new Uint8Array([2]),
      }),
    () => victimSession.publishNamespace({ trackNamespace: namespaceFromPath("f/3") }),
  ];
  try {
    for (const seed of seeds) {
      void honest[rng.below(honest.length)]!().catch(() => undefined);
      const bytes = rng.below(4) === 0 ? seed.bytes : mutate(seed.bytes, rng);
      if (seed.target === "control") await attacker.injectControl(bytes);
      else if (seed.target === "stream") {
        const w = (await attacker.createUnidirectionalStream()).getWriter();
        await w.write(bytes);
        if (rng.below(2) === 0) await w.close();
      } else await attacker.datagrams.writable.getWriter().write(bytes);
    }
  } catch {
    // the victim closed the session: the attacker's writes fail
  }
  const closedEarly = await Promise.race([
    victimSession.closed.then(() => true),
    sleep(20).then(() => false),
  ]);
  attackerSession.close();
  const info = await Promise.race([victimSession.closed, sleep(2_000).then(() => undefined)]);
  if (info === undefined)
    throw new Error("hang: the attacked session did not close with its transport");
  if (!Number.isInteger(info.code)) throw new Error(`untyped close: ${JSON.stringify(info)}`);
  return closedEarly ? "violation" : "open";
}

/** Runs `inputs` attacks of 1–4 mutated seeds each (same draft), alternating the attacked role. */
export async function fuzzSession(inputs: number, seed = 1): Promise<SessionFuzzReport> {
  const corpus = buildCorpus(30, seed);
  const byVersion = Map.groupBy(corpus, (s) => s.version);
  const rng = new Rng(seed);
  const findings: string[] = [];
  const unhandled = new RejectionCounter().start();
  const startedMs = performance.now();
  let closedByViolation = 0;
  try {
    for (let i = 0; i < inputs; i++) {
      const pool = [...byVersion.values()][rng.below(byVersion.size)]!;
      const seeds = Array.from({ length: 1 + rng.below(4) }, () => pool[rng.below(pool.length)]!);
      try {
        if ((await attack(seeds, rng, i % 2 === 0)) === "violation") closedByViolation++;
      } catch (e) {
        findings.push(`input ${i}: ${e instanceof Error ? e.message : e}`);
      }
    }
    await sleep(50);
  } finally {
    unhandled.stop();
  }
  findings.push(...unhandled.reasons.map((r) => `unhandled rejection: ${r}`));
  return {
    inputs,
    closedByViolation,
    unhandledRejections: unhandled.reasons.length,
    elapsedMs: performance.now() - startedMs,
    findings,
  };
}
