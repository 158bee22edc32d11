/**
 * The sending side of a WebTransport stream: a WritableStream over a QUIC
 * send stream that first writes the WebTransport stream header (if any) and
 * can be ended by its session. Deno 2.9 cannot reset a QUIC stream, so
 * `abort()` and session termination end the stream with FIN.
 */
export class WebTransportSendStream extends WritableStream<Uint8Array> {
  readonly #inner: Deno.QuicSendStream;
  /** The last order set, for reads once the QUIC stream is gone. */
  #sendOrder = 0;
  readonly #terminate: (reason: unknown) => void;

  /**
   * @param inner QUIC send stream to write to.
   * @param header Stream header to write before any data (0x54/0x41 + session id).
   * @param onFinish Runs once when the stream is closed, aborted, fails or is terminated.
   */
  constructor(inner: Deno.QuicSendStream, header: Uint8Array | undefined, onFinish: () => void) {
    const writer = inner.getWriter();
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      onFinish();
    };
    if (header) writer.write(header).catch(() => {});
    let controllerRef: WritableStreamDefaultController | undefined;
    super({
      start(controller) {
        controllerRef = controller;
      },
      async write(chunk) {
        try {
          await writer.write(chunk);
        } catch (error) {
          finish();
          throw error;
        }
      },
      async close() {
        try {
          await writer.close();
        } finally {
          finish();
        }
      },
      async abort(reason) {
        try {
          await writer.abort(reason);
        } catch {
          // the QUIC stream is already gone
        } finally {
          finish();
        }
      },
    });
    this.#inner = inner;
    this.#terminate = (reason) => {
      controllerRef?.error(reason);
      writer.abort(reason).catch(() => {});
      finish();
    };
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
