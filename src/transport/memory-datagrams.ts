import type { MoqDatagrams } from "./types.ts";

/** Datagrams a receiver queues before newer ones are dropped. */
export const DEFAULT_DATAGRAM_QUEUE = 64;
/** A typical QUIC datagram payload limit on a 1280-byte path MTU. */
export const DEFAULT_MAX_DATAGRAM_SIZE = 1200;

/**
 * One endpoint's datagram duplex in an in-memory pair. Like QUIC datagrams they
 * are unreliable: over-size ones and ones arriving at a full queue are dropped.
 */
export class MemoryDatagrams implements MoqDatagrams {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly maxDatagramSize: number;
  /** Where written datagrams go; set once the pair is joined. */
  peer: MemoryDatagrams | undefined;
  private rc!: ReadableStreamDefaultController<Uint8Array>;
  private wc!: WritableStreamDefaultController;
  private open = true;
  /** The path died silently: datagrams written are lost. */
  silent = false;

  constructor(maxDatagramSize: number, queueLength: number) {
    this.maxDatagramSize = maxDatagramSize;
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.rc = c;
        },
      },
      new CountQueuingStrategy({ highWaterMark: queueLength }),
    );
    this.writable = new WritableStream<Uint8Array>({
      start: (c) => {
        this.wc = c;
      },
      write: (chunk) => {
        if (!(chunk instanceof Uint8Array)) throw new TypeError("datagrams must be Uint8Array");
        if (this.silent) return;
        if (chunk.length <= this.maxDatagramSize) this.peer?.deliver(chunk.slice());
      },
    });
  }

  /** Enqueues an arriving datagram, dropping it when the queue is full. */
  deliver(datagram: Uint8Array): void {
    if (!this.open || (this.rc.desiredSize ?? 0) <= 0) return;
    this.rc.enqueue(datagram);
  }

  /** The session ended: no more datagrams either way. */
  shut(error: Error): void {
    if (!this.open) return;
    this.open = false;
    try {
      this.rc.close();
    } catch {
      // the reader cancelled already
    }
    this.wc.error(error);
  }
}
