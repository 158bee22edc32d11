import { HeaderFirstWriter } from "./header-first-writer.ts";

/**
 * The sending side of a WebTransport stream: a WritableStream over a QUIC
 * send stream whose WebTransport stream header (if any) goes out with the
 * first write, and that its session can end. Deno 2.9 cannot reset a QUIC
 * stream, so `abort()` and session termination end the stream with FIN.
 */
export class WebTransportSendStream extends WritableStream<Uint8Array> {
  readonly #inner: Deno.QuicSendStream;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  /** The last order set, for reads once the QUIC stream is gone. */
  #sendOrder = 0;
  readonly #terminate: (reason: unknown) => void;
  #lent = false;

  /**
   * @param inner QUIC send stream to write to.
   * @param header Stream header (0x54/0x41 + session id), sent in one write with the first data.
   * @param onFinish Runs once when the stream is closed, aborted, fails or is terminated.
   */
  constructor(inner: Deno.QuicSendStream, header: Uint8Array | undefined, onFinish: () => void) {
    const quic = inner.getWriter();
    const writer = header === undefined ? quic : new HeaderFirstWriter(quic, header);
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      onFinish();
    };
    // The QUIC stream's own end (FIN, abort, failure) finishes it: no per-write wrapper.
    quic.closed.then(finish, finish);
    let controllerRef: WritableStreamDefaultController | undefined;
    super({
      start(controller) {
        controllerRef = controller;
      },
      // Hot path (one call per Object and subscriber): hand the chunk straight on.
      write: (chunk) => writer.write(chunk),
      close: () => writer.close(),
      async abort(reason) {
        try {
          await quic.abort(reason);
        } catch {
          // the QUIC stream is already gone
        } finally {
          finish();
        }
      },
    });
    this.#inner = inner;
    this.#writer = writer;
    this.#terminate = (reason) => {
      controllerRef?.error(reason);
      quic.abort(reason).catch(() => {});
      finish();
    };
  }

  /**
   * A writer straight onto the QUIC stream (the header joining the first chunk):
   * its writes reach the QUIC stream without a second stream layer each (the
   * relay writes every Object to every subscriber this way). One writer per
   * stream, as with any WritableStream; `pipeTo` takes the wrapping path instead.
   */
  override getWriter(): WritableStreamDefaultWriter<Uint8Array> {
    if (this.#lent || this.locked) throw new TypeError("the stream already has a writer");
    this.#lent = true;
    return this.#writer;
  }

  /** Send priority relative to other streams of the connection (higher goes first). */
  get sendOrder(): number {
    try {
      return this.#inner.sendOrder;
    } catch {
      return this.#sendOrder; // BadResource: the stream's connection closed
    }
  }

  set sendOrder(value: number) {
    this.#sendOrder = value;
    try {
      this.#inner.sendOrder = value;
    } catch {
      // the QUIC stream is gone (BadResource once its connection closed): nothing to order
    }
  }

  /** QUIC stream id. */
  get streamId(): bigint {
    return this.#inner.id;
  }

  /** Ends the stream from the session side (session closed); pending writes fail. */
  terminate(reason: unknown): void {
    this.#terminate(reason);
  }
}
