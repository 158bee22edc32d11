// The session's RFC 9221 datagrams as the W3C-shaped `MoqDatagrams`: unreliable
// both ways (qmux-02 §"Unreliable Datagram Extension"), so an incoming one is
// dropped when the reader is 1024 behind and an outgoing one that is too large,
// not allowed yet or meets a congested socket is dropped.
import type { MoqDatagrams } from "../../../src/transport/types.ts";

/** Incoming datagrams kept for a slow reader; later ones are dropped (RFC 9221 §5). */
const DATAGRAM_QUEUE = 1024;

/** Datagrams of one session. */
export class QmuxDatagrams implements MoqDatagrams {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  #incoming!: ReadableStreamDefaultController<Uint8Array>;

  constructor(
    /** Queues a datagram's payload to send (the session checks nothing more). */
    send: (payload: Uint8Array) => void,
    /** The largest payload the peer accepts now; 0 when it accepts none. */
    private readonly maxSize: () => number,
  ) {
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.#incoming = c;
        },
      },
      { highWaterMark: DATAGRAM_QUEUE },
    );
    this.writable = new WritableStream<Uint8Array>({
      write: (d) => {
        if (d.length <= this.maxSize()) send(d);
      },
    });
  }

  get maxDatagramSize(): number {
    return this.maxSize();
  }

  /** A datagram arrived (a view into its record: copied before it is kept). */
  push(data: Uint8Array): void {
    const c = this.#incoming;
    if ((c.desiredSize ?? 0) > 0) c.enqueue(data.slice());
  }

  /** The session ended: the reader sees the end. */
  close(): void {
    try {
      this.#incoming.close();
    } catch {
      // already closed
    }
  }
}
