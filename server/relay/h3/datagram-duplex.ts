import { encodeDatagram } from "./datagram.ts";
import { SessionClosedError } from "./errors.ts";
import { varintSize } from "./varint.ts";

/** The datagram side of a session (W3C WebTransportDatagramDuplexStream-like). */
export interface WebTransportDatagrams {
  /** Incoming datagram payloads; when the queue is full the oldest is dropped. */
  readonly readable: ReadableStream<Uint8Array>;
  /** Outgoing payloads; a payload above {@link maxDatagramSize} is dropped. */
  readonly writable: WritableStream<Uint8Array>;
  /** Largest payload that fits in one QUIC datagram after the quarter stream id. */
  readonly maxDatagramSize: number;
}

/**
 * One session's datagrams: a bounded drop-oldest incoming queue behind a
 * pull-based readable, and a writable that adds the quarter stream id
 * (RFC 9297 §2.1) and sends on the QUIC connection.
 */
export class DatagramDuplex implements WebTransportDatagrams {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly maxDatagramSize: number;

  readonly #queue: Uint8Array[] = [];
  readonly #queueSize: number;
  #waiter: (() => void) | undefined;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #closed = false;

  constructor(conn: Deno.QuicConn, sessionId: number, queueSize: number) {
    this.#queueSize = queueSize;
    this.maxDatagramSize = Math.max(0, (conn.maxDatagramSize ?? 0) - varintSize(sessionId / 4));
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: async (controller) => {
          while (this.#queue.length === 0) {
            if (this.#closed) return;
            await new Promise<void>((resolve) => (this.#waiter = resolve));
          }
          controller.enqueue(this.#queue.shift()!);
        },
      },
      { highWaterMark: 0 },
    );
    this.writable = new WritableStream<Uint8Array>({
      write: async (payload) => {
        if (this.#closed) throw new SessionClosedError();
        if (payload.length > this.maxDatagramSize) return; // W3C: too large, dropped
        await conn.sendDatagram(encodeDatagram(sessionId, payload));
      },
    });
  }

  /** Queues an incoming payload, dropping the oldest when the queue is full. */
  push(payload: Uint8Array): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#queueSize) this.#queue.shift();
    this.#queue.push(payload);
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }

  /** Ends the readable and refuses further writes. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    try {
      this.#controller.close();
    } catch {
      // already closed or errored
    }
    this.#waiter?.();
  }
}
