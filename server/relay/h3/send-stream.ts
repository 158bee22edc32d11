import { HeaderFirstWriter } from "./header-first-writer.ts";

type Writer = WritableStreamDefaultWriter<Uint8Array>;

/**
 * The sending side of a WebTransport stream over a QUIC send stream, whose
 * WebTransport stream header (if any) goes out with the first write, and that
 * its session can end. Deno 2.9 cannot reset a QUIC stream, so `abort()` and
 * session termination end the stream with FIN.
 *
 * It has a WritableStream's members (`getWriter`, `locked`, `close`, `abort`)
 * without being one: constructing a WritableStream costs more than a dozen
 * Object writes, and the relay opens a stream per Group and subscriber. The
 * writer it lends is the QUIC stream's own (the header joining the first
 * chunk); `toWritableStream()` gives a real one, e.g. for `pipeTo`.
 */
export class WebTransportSendStream {
  readonly #inner: Deno.QuicSendStream;
  readonly #quic: Writer;
  readonly #writer: Writer;
  readonly #finish: () => void;
  /** The last order set, for reads once the QUIC stream is gone. */
  #sendOrder = 0;
  #lent = false;

  /**
   * @param inner QUIC send stream to write to.
   * @param header Stream header (0x54/0x41 + session id), sent in one write with the first data.
   * @param onFinish Runs once when the stream is closed, aborted, fails or is terminated.
   */
  constructor(inner: Deno.QuicSendStream, header: Uint8Array | undefined, onFinish: () => void) {
    const quic = inner.getWriter();
    let finished = false;
    this.#finish = () => {
      if (finished) return;
      finished = true;
      onFinish();
    };
    // The QUIC stream's own end (FIN, abort, failure) finishes it: no per-write wrapper.
    quic.closed.then(this.#finish, this.#finish);
    this.#inner = inner;
    this.#quic = quic;
    this.#writer = header === undefined ? quic : new HeaderFirstWriter(quic, header);
  }

  /** Whether a writer was handed out (the stream is then only written through it). */
  get locked(): boolean {
    return this.#lent;
  }

  /**
   * The writer onto the QUIC stream: its writes reach the QUIC stream with no
   * stream layer of ours in between (the relay writes every Object to every
   * subscriber this way). One writer per stream, as with any WritableStream.
   */
  getWriter(): Writer {
    if (this.#lent) throw new TypeError("the stream already has a writer");
    this.#lent = true;
    return this.#writer;
  }

  /** A WritableStream over this stream (takes its writer), for `pipeTo`. */
  toWritableStream(): WritableStream<Uint8Array> {
    const writer = this.getWriter();
    return new WritableStream({
      write: (chunk) => writer.write(chunk),
      close: () => writer.close(),
      abort: (reason) => writer.abort(reason),
    });
  }

  /** FIN after what was written (the header first if nothing was). */
  close(): Promise<void> {
    if (this.#lent) return Promise.reject(new TypeError("the stream has a writer"));
    return this.#writer.close();
  }

  /** Ends the stream at once (with FIN: Deno cannot reset). */
  async abort(reason?: unknown): Promise<void> {
    if (this.#lent) throw new TypeError("the stream has a writer");
    try {
      await this.#quic.abort(reason);
    } catch {
      // the QUIC stream is already gone
    } finally {
      this.#finish();
    }
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
    this.#quic.abort(reason).catch(() => {});
    this.#finish();
  }
}
