// The receiving half of a QMux stream on the relay's lean session: STREAM
// frame payloads (views into the received record) handed to the reader one per
// read, and flow-control credit (RFC 9000 §4.1) counted when a chunk is
// delivered to the application, never merely on receipt, so a reader that stalls
// holds at most one window of the peer's data.
import { streamErrorCodeOf, TransportStreamError } from "../../../src/transport/errors.ts";
import type { MoqReceiveStream } from "../../../src/transport/types.ts";

/** What a receive stream needs of its session. */
export interface RecvHost {
  /** `n` bytes of `r` were delivered to the application or discarded. */
  consumed(r: QmuxRecvStream, n: number): void;
  /** The application stopped reading: STOP_SENDING with `code` (RFC 9000 §19.5). */
  stop(r: QmuxRecvStream, code: number): void;
}

/** A QMux receive stream; `readable` is the application's side. */
export class QmuxRecvStream {
  readonly readable: MoqReceiveStream;
  /** Bytes received in order (the next STREAM frame's Offset). */
  received = 0;
  /** Bytes delivered to the reader or discarded. */
  delivered = 0;
  /** Our limit on the peer's offset (the last MAX_STREAM_DATA we sent, or the initial window). */
  maxData: number;
  /** The FIN or a RESET_STREAM arrived: the peer sends no more. */
  ended = false;
  #queue: Uint8Array[] = [];
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #wanted = false;
  #fin = false;
  /** The application cancelled: data is discarded on arrival. */
  #stopped = false;

  constructor(
    /** The QUIC stream ID (RFC 9000 §2.1). */
    readonly id: number,
    private readonly host: RecvHost,
    /** The receive window: the initial limit, and how far ahead of the reader the peer may send. */
    readonly window: number,
  ) {
    this.maxData = window;
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.#controller = c;
        },
        pull: () => {
          this.#wanted = true;
          this.#deliver();
        },
        cancel: (reason) => {
          this.#stopped = true;
          this.#discard();
          if (!this.ended) this.host.stop(this, streamErrorCodeOf(reason) ?? 0);
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** A STREAM frame's payload, in order; `fin` ends the stream after it. */
  push(data: Uint8Array, fin: boolean): void {
    this.received += data.length;
    if (fin) {
      this.ended = true;
      this.#fin = true;
    }
    if (this.#stopped) {
      if (data.length > 0) this.#consume(data.length);
      return;
    }
    if (data.length > 0) this.#queue.push(data);
    this.#deliver();
  }

  /** The peer reset the stream (RFC 9000 §19.4): queued data is dropped, reads fail with `code`. */
  reset(code: number): void {
    this.ended = true;
    if (this.#stopped) return;
    this.#stopped = true;
    this.#discard();
    this.#controller.error(
      new TransportStreamError("stream", code, `stream reset by the peer with code ${code}`),
    );
  }

  /** The session ended: reads fail with `error`. */
  fail(error: unknown): void {
    this.ended = true;
    if (this.#stopped) return;
    this.#stopped = true;
    this.#queue = [];
    try {
      this.#controller.error(error);
    } catch {
      // already closed
    }
  }

  #deliver(): void {
    if (!this.#wanted) return;
    const chunk = this.#queue.shift();
    if (chunk !== undefined) {
      this.#wanted = false;
      this.#controller.enqueue(chunk);
      this.#consume(chunk.length);
    } else if (this.#fin && !this.#stopped) {
      this.#stopped = true;
      this.#controller.close();
    }
  }

  #discard(): void {
    let n = 0;
    for (const c of this.#queue) n += c.length;
    this.#queue = [];
    if (n > 0) this.#consume(n);
  }

  #consume(n: number): void {
    this.delivered += n;
    this.host.consumed(this, n);
  }
}
