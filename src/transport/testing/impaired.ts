// A network path with delay, jitter, loss and blackouts, for tests: wraps the
// sending side of a MoqTransport (wrap both ends to impair both directions).
//
// How loss is modelled. Streams ride a reliable transport (QUIC, or QMux over
// TCP), so a lost packet is never missing at the receiver: it arrives late. The
// sender notices the loss about 9/8 × RTT after sending it (RFC 9002 §6.1.2,
// time threshold) and the copy then takes one more one-way delay, so a "lost"
// stream chunk arrives `9/8 × 2 × delayMs` later than it would have, and every
// later chunk of the same stream waits behind it (head-of-line blocking, as
// in-order delivery requires). Chunks of other streams are not held. Datagrams are
// not retransmitted: a lost one is gone.
import type {
  MoqBidirectionalStream,
  MoqCloseInfo,
  MoqDatagrams,
  MoqSendStream,
  MoqStreamOptions,
  MoqTransport,
} from "../types.ts";

/** Conditions of an impaired path, one way. */
export interface PathConditions {
  /** One-way delay; default 0. */
  readonly delayMs?: number;
  /** Each chunk's delay is drawn uniformly from delayMs ± jitterMs; default 0. */
  readonly jitterMs?: number;
  /** Probability that a packet is lost, 0..1; default 0. */
  readonly loss?: number;
  /** Source of randomness in [0, 1); default `Math.random`. */
  readonly random?: () => number;
}

/** RFC 9002 §6.1.2: a packet is declared lost 9/8 × RTT after it was sent. */
const TIME_THRESHOLD = 9 / 8;

/** One direction of a path: when a chunk sent now arrives. Shared by every transport on it. */
export class ImpairedPath {
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly loss: number;
  private readonly random: () => number;
  /** Chunks and datagrams that took the loss penalty or were dropped. */
  lost = 0;
  sent = 0;

  constructor(c: PathConditions = {}) {
    this.delayMs = c.delayMs ?? 0;
    this.jitterMs = c.jitterMs ?? 0;
    this.loss = c.loss ?? 0;
    this.random = c.random ?? Math.random;
    if (!(this.delayMs >= this.jitterMs && this.jitterMs >= 0)) {
      throw new RangeError("want delayMs >= jitterMs >= 0");
    }
    if (!(this.loss >= 0 && this.loss <= 1)) throw new RangeError("loss must be in 0..1");
  }

  /** The one-way delay of one packet: delay ± jitter. */
  private oneWayMs(): number {
    return this.delayMs + (this.random() * 2 - 1) * this.jitterMs;
  }

  /** Whether the next packet is lost. */
  private dropped(): boolean {
    this.sent++;
    const lost = this.random() < this.loss;
    if (lost) this.lost++;
    return lost;
  }

  /** When a stream chunk sent now arrives: late by a retransmission if it was lost. */
  streamArrivalMs(nowMs: number): number {
    const retransmitMs = this.dropped() ? TIME_THRESHOLD * 2 * this.delayMs : 0;
    return nowMs + this.oneWayMs() + retransmitMs;
  }

  /** When a datagram sent now arrives, or undefined if it was lost. */
  datagramArrivalMs(nowMs: number): number | undefined {
    return this.dropped() ? undefined : nowMs + this.oneWayMs();
  }
}

const sleepUntil = (atMs: number) =>
  new Promise<void>((r) => setTimeout(r, Math.max(0, atMs - Date.now())));

/** A send stream whose chunks reach `inner` as the path delivers them, in order. */
function impairSend(inner: MoqSendStream, path: ImpairedPath): MoqSendStream {
  const writer = inner.getWriter();
  let tail: Promise<void> = Promise.resolve();
  let lastAtMs = 0;
  let failure: unknown;
  // Resolves once every earlier chunk was handed on; in-order delivery holds a late chunk's followers.
  const deliver = (step: () => Promise<void>): Promise<void> => {
    const atMs = Math.max(lastAtMs, path.streamArrivalMs(Date.now()));
    lastAtMs = atMs;
    tail = tail.then(() => sleepUntil(atMs)).then(step);
    tail.catch((e: unknown) => {
      failure ??= e;
    });
    return tail;
  };
  const outer: MoqSendStream = new WritableStream<Uint8Array>({
    // A write is done once it is on the wire, not once it arrived: what a sender sees.
    write: (chunk) => {
      if (failure !== undefined) throw failure;
      void deliver(() => writer.write(chunk)).catch(() => undefined);
    },
    close: () => deliver(() => writer.close()),
    abort: (reason) => writer.abort(reason),
  });
  Object.defineProperty(outer, "sendOrder", {
    configurable: true,
    enumerable: true,
    get: () => inner.sendOrder,
    set: (v: number) => {
      inner.sendOrder = v;
    },
  });
  return outer;
}

/** Datagrams sent through `path`: dropped, or delivered late (and maybe reordered). */
function impairDatagrams(inner: MoqDatagrams, path: ImpairedPath): MoqDatagrams {
  const writer = inner.writable.getWriter();
  return {
    readable: inner.readable,
    maxDatagramSize: inner.maxDatagramSize,
    writable: new WritableStream<Uint8Array>({
      write: (d) => {
        const atMs = path.datagramArrivalMs(Date.now());
        if (atMs === undefined) return;
        const copy = d.slice();
        void sleepUntil(atMs).then(() => writer.write(copy).catch(() => undefined));
      },
    }),
  };
}

/**
 * `inner` with everything it sends crossing `path`: stream chunks delayed,
 * jittered and (when lost) retransmitted late in order, datagrams delayed or
 * dropped. What it receives is the peer's to impair.
 */
export function impairTransport(inner: MoqTransport, path: ImpairedPath): MoqTransport {
  const datagrams = impairDatagrams(inner.datagrams, path);
  const bidi = (s: MoqBidirectionalStream): MoqBidirectionalStream => ({
    readable: s.readable,
    writable: impairSend(s.writable, path),
  });
  return {
    ready: inner.ready,
    closed: inner.closed,
    protocol: inner.protocol,
    close: (info?: Partial<MoqCloseInfo>) => inner.close(info),
    createBidirectionalStream: async (o?: MoqStreamOptions) =>
      bidi(await inner.createBidirectionalStream(o)),
    createUnidirectionalStream: async (o?: MoqStreamOptions) =>
      impairSend(await inner.createUnidirectionalStream(o), path),
    incomingBidirectionalStreams: inner.incomingBidirectionalStreams.pipeThrough(
      new TransformStream<MoqBidirectionalStream, MoqBidirectionalStream>({
        transform: (s, c) => c.enqueue(bidi(s)),
      }),
    ),
    incomingUnidirectionalStreams: inner.incomingUnidirectionalStreams,
    datagrams,
  };
}
