import { SessionClosedError } from "./errors.ts";
import { decodeFrameHeader } from "./frame.ts";
import { decodeVarint, varintLengthFromFirstByte } from "./varint.ts";

/** One HTTP/3 frame read whole from a stream. */
export interface ReadFrame {
  readonly type: number;
  readonly payload: Uint8Array;
}

/** Thrown when a stream ends in the middle of a field. */
export class UnexpectedEndError extends Error {
  constructor(what: string) {
    super(`stream ended inside ${what}`);
    this.name = "UnexpectedEndError";
  }
}

/**
 * Buffers a QUIC receive stream so that stream headers, varints and frames
 * can be read, then hands the unread rest over as a new ReadableStream.
 */
export class StreamReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buffer: Uint8Array = new Uint8Array(0);
  #ended = false;

  constructor(readable: ReadableStream<Uint8Array>) {
    this.#reader = readable.getReader();
  }

  /** Reads until at least `size` bytes are buffered; false if the stream ends first. */
  async #fill(size: number): Promise<boolean> {
    while (this.#buffer.length < size) {
      if (this.#ended) return false;
      const { value, done } = await this.#reader.read();
      if (done) {
        this.#ended = true;
        return false;
      }
      if (value.length === 0) continue;
      if (this.#buffer.length === 0) {
        this.#buffer = value;
      } else {
        const joined = new Uint8Array(this.#buffer.length + value.length);
        joined.set(this.#buffer);
        joined.set(value, this.#buffer.length);
        this.#buffer = joined;
      }
    }
    return true;
  }

  #take(size: number): Uint8Array {
    const out = this.#buffer.subarray(0, size);
    this.#buffer = this.#buffer.subarray(size);
    return out;
  }

  /** Reads one varint (RFC 9000 §16); `undefined` on a clean end of stream. */
  async varint(): Promise<number | undefined> {
    if (!(await this.#fill(1))) return undefined;
    const size = varintLengthFromFirstByte(this.#buffer[0]!);
    if (!(await this.#fill(size))) throw new UnexpectedEndError("varint");
    const decoded = decodeVarint(this.#take(size))!;
    return decoded[0];
  }

  /** Reads exactly `size` bytes; throws if the stream ends first. */
  async bytes(size: number): Promise<Uint8Array> {
    if (!(await this.#fill(size))) throw new UnexpectedEndError(`${size} bytes`);
    return this.#take(size);
  }

  /**
   * Reads one whole HTTP/3 frame (RFC 9114 §7.1); `undefined` on a clean end
   * of stream between frames. Throws if the payload exceeds `maxLength`.
   */
  async frame(maxLength: number): Promise<ReadFrame | undefined> {
    if (!(await this.#fill(1))) return undefined;
    let header = decodeFrameHeader(this.#buffer);
    while (!header) {
      if (!(await this.#fill(this.#buffer.length + 1)))
        throw new UnexpectedEndError("frame header");
      header = decodeFrameHeader(this.#buffer);
    }
    if (header.length > maxLength) {
      throw new RangeError(`frame 0x${header.type.toString(16)} of ${header.length} bytes`);
    }
    this.#take(header.headerSize);
    return { type: header.type, payload: await this.bytes(header.length) };
  }

  /** Cancels the underlying stream (STOP_SENDING where the QUIC stack supports it). */
  async cancel(reason?: unknown): Promise<void> {
    this.#ended = true;
    this.#buffer = new Uint8Array(0);
    await this.#reader.cancel(reason).catch(() => {});
  }

  /**
   * The unread rest of the stream, starting with any buffered bytes. After
   * this call the reader must not be used again. `onFinish` runs once when
   * the returned stream ends, errors, is cancelled or is terminated.
   */
  remainder(onFinish: () => void = () => {}): ReadableStream<Uint8Array> {
    const reader = this.#reader;
    let pending: Uint8Array | undefined = this.#buffer.length > 0 ? this.#buffer : undefined;
    const ended = this.#ended;
    this.#buffer = new Uint8Array(0);
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      onFinish();
    };
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#terminate = (reason) => {
            try {
              controller.error(reason);
            } catch {
              // already closed or errored
            }
            // A session teardown sends no STOP_SENDING: the peer resets its streams on
            // WT_CLOSE_SESSION (draft-ietf-webtrans-http3 §6), and Chromium 156's
            // renderer can crash on a STOP_SENDING racing the close while it writes.
            if (!(reason instanceof SessionClosedError)) reader.cancel(reason).catch(() => {});
            finish();
          };
        },
        async pull(controller) {
          if (pending) {
            controller.enqueue(pending);
            pending = undefined;
            return;
          }
          if (ended) {
            controller.close();
            finish();
            return;
          }
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) {
                controller.close();
                finish();
                return;
              }
              if (value.length > 0) {
                controller.enqueue(value);
                return;
              }
            }
          } catch (error) {
            controller.error(error);
            finish();
          }
        },
        async cancel(reason) {
          finish();
          await reader.cancel(reason).catch(() => {});
        },
      },
      // One chunk read ahead: the FIN is read, and the stream's credit returned to the
      // peer (RFC 9000 §4.6), as soon as the consumer takes the last data rather than
      // once it has processed it — a busy relay held one stream per frame open meanwhile.
      { highWaterMark: 1 },
    );
    return stream;
  }

  #terminate: ((reason: unknown) => void) | undefined;

  /**
   * Errors the stream returned by {@link remainder} and cancels the QUIC stream
   * (STOP_SENDING), except for a SessionClosedError: the peer resets those.
   */
  terminate(reason: unknown): void {
    if (this.#terminate) this.#terminate(reason);
    else void this.cancel(reason);
  }
}
