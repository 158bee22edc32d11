import { TransportError, TransportErrorCode, TransportStreamError } from "./errors.ts";
import {
  DEFAULT_DATAGRAM_QUEUE,
  DEFAULT_MAX_DATAGRAM_SIZE,
  MemoryDatagrams,
} from "./memory-datagrams.ts";
import { DEFAULT_PIPE_WINDOW_BYTES, MemoryPipe } from "./memory-pipe.ts";
import type {
  MoqBidirectionalStream,
  MoqCloseInfo,
  MoqReceiveStream,
  MoqSendStream,
  MoqStreamOptions,
  MoqTransport,
} from "./types.ts";

/** Options of `createTransportPair`. */
export interface MemoryTransportOptions {
  /** The protocol both ends report as negotiated (e.g. "moqt-16"); default "". */
  readonly protocol?: string;
  /** Larger datagrams are dropped; default 1200. */
  readonly maxDatagramSize?: number;
  /** Datagrams a receiver queues before dropping; default 64. */
  readonly datagramQueue?: number;
  /** Bytes a stream buffers before `write()` waits for the reader; default 256 KiB. */
  readonly streamWindowBytes?: number;
}

/** @internal The state both ends of a pair share: the streams between them and the session's fate. */
export class MemoryLink {
  readonly pipes = new Set<MemoryPipe>();
  readonly ends: MemoryTransport[] = [];
  ended = false;
  /** The path is dead but nobody was told yet (see `MemoryTransport.simulateSilentLoss`). */
  silent = false;
  private lossTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly windowBytes: number) {}

  pipe(): MemoryPipe {
    const p = new MemoryPipe((done) => this.pipes.delete(done), this.windowBytes);
    this.pipes.add(p);
    if (this.silent) p.silence();
    return p;
  }

  /** Nothing crosses any more, without a signal; after `reportAfterMs` the loss is reported. */
  silence(reportAfterMs: number): void {
    if (this.ended || this.silent) return;
    this.silent = true;
    for (const p of this.pipes) p.silence();
    for (const t of this.ends) t.datagrams.silent = true;
    this.lossTimer = setTimeout(
      () => this.end(new TransportError(TransportErrorCode.LOST, "idle timeout")),
      reportAfterMs,
    );
  }

  /** Ends the session for both ends: `closed` settles first, then every stream errors. */
  end(outcome: MoqCloseInfo | TransportError): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.lossTimer);
    for (const t of this.ends) t.settle(outcome);
    const err = new TransportStreamError("session", null);
    for (const p of this.pipes) p.teardown(err);
    this.pipes.clear();
    for (const t of this.ends) t.shutIncoming();
  }
}

/**
 * One end of an in-memory session (see `createTransportPair`). Besides the
 * `MoqTransport` contract it can simulate a connection lost without a close.
 */
export class MemoryTransport implements MoqTransport {
  readonly ready: Promise<void> = Promise.resolve();
  readonly closed: Promise<MoqCloseInfo>;
  readonly protocol: string;
  readonly incomingBidirectionalStreams: ReadableStream<MoqBidirectionalStream>;
  readonly incomingUnidirectionalStreams: ReadableStream<MoqReceiveStream>;
  readonly datagrams: MemoryDatagrams;
  /** The other end; set by `createTransportPair`. */
  peer!: MemoryTransport;
  private readonly link: MemoryLink;
  private bidiIn!: ReadableStreamDefaultController<MoqBidirectionalStream>;
  private uniIn!: ReadableStreamDefaultController<MoqReceiveStream>;
  private settleClosed!: (outcome: MoqCloseInfo | TransportError) => void;

  constructor(link: MemoryLink, options: MemoryTransportOptions) {
    this.link = link;
    this.protocol = options.protocol ?? "";
    this.closed = new Promise<MoqCloseInfo>((resolve, reject) => {
      this.settleClosed = (o) => (o instanceof TransportError ? reject(o) : resolve(o));
    });
    // A lost connection must not surface as an unhandled rejection when nobody listens.
    this.closed.catch(() => undefined);
    this.incomingBidirectionalStreams = new ReadableStream({
      start: (c) => {
        this.bidiIn = c;
      },
    });
    this.incomingUnidirectionalStreams = new ReadableStream({
      start: (c) => {
        this.uniIn = c;
      },
    });
    this.datagrams = new MemoryDatagrams(
      options.maxDatagramSize ?? DEFAULT_MAX_DATAGRAM_SIZE,
      options.datagramQueue ?? DEFAULT_DATAGRAM_QUEUE,
    );
  }

  close(info: Partial<MoqCloseInfo> = {}): void {
    this.link.end({ closeCode: info.closeCode ?? 0, reason: info.reason ?? "" });
  }

  /** Test hook: the connection drops without a close; `closed` rejects on both ends. */
  simulateConnectionLoss(): void {
    this.link.end(new TransportError(TransportErrorCode.LOST, "connection lost"));
  }

  /**
   * Test hook: the connection dies silently (a crashed peer, a dead path): from
   * now on nothing crosses in either direction — writes, FIN, resets, new streams
   * and datagrams are swallowed, reads wait — and neither end is told. After
   * `idleTimeoutMs` the loss is reported as an idle timeout would: `closed`
   * rejects (LOST) on both ends and every stream errors.
   */
  simulateSilentLoss(idleTimeoutMs: number): void {
    this.link.silence(idleTimeoutMs);
  }

  async createBidirectionalStream(options?: MoqStreamOptions): Promise<MoqBidirectionalStream> {
    this.assertOpen();
    const out = this.link.pipe();
    const back = this.link.pipe();
    if (options?.sendOrder !== undefined) out.writable.sendOrder = options.sendOrder;
    if (!this.link.silent)
      this.peer.bidiIn.enqueue({ readable: out.readable, writable: back.writable });
    return { readable: back.readable, writable: out.writable };
  }

  async createUnidirectionalStream(options?: MoqStreamOptions): Promise<MoqSendStream> {
    this.assertOpen();
    const pipe = this.link.pipe();
    if (options?.sendOrder !== undefined) pipe.writable.sendOrder = options.sendOrder;
    if (!this.link.silent) this.peer.uniIn.enqueue(pipe.readable);
    return pipe.writable;
  }

  /** @internal Settles `closed` (called by the link, once). */
  settle(outcome: MoqCloseInfo | TransportError): void {
    this.settleClosed(outcome);
  }

  /** @internal Ends the incoming stream queues and datagrams (called by the link). */
  shutIncoming(): void {
    for (const c of [this.bidiIn, this.uniIn]) {
      try {
        c.close();
      } catch {
        // the reader cancelled already
      }
    }
    this.datagrams.shut(new TransportStreamError("session", null));
  }

  private assertOpen(): void {
    if (this.link.ended) throw new TransportError(TransportErrorCode.CLOSED, "session is closed");
  }
}

/**
 * Two connected in-memory transports, `[client, server]`: streams opened by one
 * arrive at the other, FIN, resets and STOP_SENDING carry their codes, datagrams
 * are unreliable, and a close reaches both ends with its code and reason.
 */
export function createTransportPair(
  options: MemoryTransportOptions = {},
): [MemoryTransport, MemoryTransport] {
  const link = new MemoryLink(options.streamWindowBytes ?? DEFAULT_PIPE_WINDOW_BYTES);
  const a = new MemoryTransport(link, options);
  const b = new MemoryTransport(link, options);
  a.peer = b;
  b.peer = a;
  a.datagrams.peer = b.datagrams;
  b.datagrams.peer = a.datagrams;
  link.ends.push(a, b);
  return [a, b];
}
