// The sending half of a QMux stream on the relay's lean session. Writes only
// queue references to the caller's bytes; the session frames every stream's
// queued bytes once the current task's writes are done (a microtask) into one
// record per socket
// send (qmux-session.ts), so an Object written to a subscriber costs no stream
// machinery, no copy but the one into the record, and no promise of its own
// when it can be sent at once.
import { streamErrorCodeOf, TransportStreamError } from "../../../src/transport/errors.ts";
import type { MoqSendStream } from "../../../src/transport/types.ts";

/** What a send stream needs of its session. */
export interface SendHost {
  /** `s` has `added` more bytes (or a FIN) to send: frame it at the end of this turn. */
  schedule(s: QmuxSendStream, added: number): void;
  /** Whether `s`'s queued bytes will all be framed at the end of this turn. */
  sendsAtOnce(s: QmuxSendStream): boolean;
  /** RESET_STREAM for `s` (RFC 9000 §19.4) at its final size; the stream is done. */
  reset(s: QmuxSendStream, code: number): void;
}

interface Waiter {
  readonly end: number;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

const RESOLVED = Promise.resolve();

/**
 * A QMux send stream as the W3C-shaped `MoqSendStream`, without the WHATWG
 * stream machinery (whose construction alone was a sizeable share of the
 * relay's CPU for one stream per Group and subscriber): it has a
 * WritableStream's members, and `getWriter()` returns a writer that queues into
 * the session directly. It is not a platform WritableStream, so it cannot be a
 * `pipeTo` target. A chunk is referenced until the end of the turn, so it must
 * not be modified after it was written (the relay writes immutable encodings).
 */
export class QmuxSendStream implements MoqSendStream {
  /** W3C `sendOrder`: higher values are framed first within a turn. */
  sendOrder: number;
  /** Bytes framed so far (the next STREAM frame's Offset). */
  sent = 0;
  /** Bytes queued and not yet framed. */
  queued = 0;
  /** The peer's limit on this stream's offset (MAX_STREAM_DATA, RFC 9000 §19.10). */
  maxData: number;
  /** FIN requested by close(); `finSent` once framed. */
  fin = false;
  finSent = false;
  /** Set when the stream ended abnormally: writes reject with it. */
  failure: unknown;
  /** Scheduled for this turn's flush. */
  scheduled = false;
  /** A writer was handed out. */
  locked = false;
  readonly #chunks: Uint8Array[] = [];
  #headOffset = 0;
  #waiters: Waiter[] = [];
  #closeWaiter: Waiter | undefined;
  /** `closed`, made when first asked for (the relay's writers never ask). */
  #closed: Promise<undefined> | undefined;
  #settleClosed: ((error?: unknown) => void) | undefined;

  constructor(
    /** The QUIC stream ID (RFC 9000 §2.1). */
    readonly id: number,
    private readonly host: SendHost,
    maxData: number,
    sendOrder = 0,
  ) {
    this.maxData = maxData;
    this.sendOrder = sendOrder;
  }

  /** Whether writes are still accepted. */
  get open(): boolean {
    return !this.fin && this.failure === undefined;
  }

  /** Fulfils once the FIN was framed, rejects when the stream ended abnormally. */
  get closed(): Promise<undefined> {
    if (this.#closed !== undefined) return this.#closed;
    if (this.finSent) {
      this.#closed = Promise.resolve(undefined);
    } else if (this.failure !== undefined) {
      this.#closed = Promise.reject(this.failure);
    } else {
      this.#closed = new Promise<undefined>((resolve, reject) => {
        this.#settleClosed = (e) => (e === undefined ? resolve(undefined) : reject(e));
      });
    }
    this.#closed.catch(() => undefined);
    return this.#closed;
  }

  /** Whether the stream has bytes or a FIN left to frame. */
  get hasWork(): boolean {
    return this.failure === undefined && (this.queued > 0 || (this.fin && !this.finSent));
  }

  /** The stream's writer (once, as with any WritableStream). */
  getWriter(): WritableStreamDefaultWriter<Uint8Array> {
    if (this.locked) throw new TypeError("the stream already has a writer");
    this.locked = true;
    return new QmuxWriter(this);
  }

  /** WritableStream `close()`: FIN after the queued bytes. */
  close(): Promise<void> {
    return this.end();
  }

  /** WritableStream `abort()`: RESET_STREAM. */
  abort(reason?: unknown): Promise<void> {
    return this.reset(reason);
  }

  /** Queues `chunk`; resolves when it is framed (at once when it will be this turn). */
  write(chunk: Uint8Array): Promise<void> {
    if (!this.open) return Promise.reject(this.failure ?? new TypeError("stream is closed"));
    if (chunk.length === 0) return RESOLVED;
    this.#chunks.push(chunk);
    this.queued += chunk.length;
    this.host.schedule(this, chunk.length);
    if (this.host.sendsAtOnce(this)) return RESOLVED;
    return new Promise((resolve, reject) =>
      this.#waiters.push({ end: this.sent + this.queued, resolve, reject }),
    );
  }

  /** FIN after the queued bytes (RFC 9000 §19.8); resolves once it is framed. */
  end(): Promise<void> {
    if (!this.open) return Promise.reject(this.failure ?? new TypeError("stream is closed"));
    this.fin = true;
    this.host.schedule(this, 0);
    return new Promise((resolve, reject) => {
      this.#closeWaiter = { end: 0, resolve, reject };
    });
  }

  /** RESET_STREAM with the code `reason` carries (0 without one); queued bytes are dropped. */
  reset(reason?: unknown): Promise<void> {
    if (this.failure === undefined && !this.finSent) {
      this.host.reset(this, streamErrorCodeOf(reason) ?? 0);
    }
    return RESOLVED;
  }

  /**
   * Copies the next `n` queued bytes to `out` at `at` (the session checked
   * credit and room) and counts them sent; resolves the writes they complete.
   */
  take(out: Uint8Array, at: number, n: number): void {
    this.queued -= n;
    this.sent += n;
    while (n > 0) {
      const c = this.#chunks[0]!;
      const from = this.#headOffset;
      const k = Math.min(c.length - from, n);
      out.set(from === 0 && k === c.length ? c : c.subarray(from, from + k), at);
      at += k;
      n -= k;
      if (from + k === c.length) {
        this.#chunks.shift();
        this.#headOffset = 0;
      } else {
        this.#headOffset = from + k;
      }
    }
    const w = this.#waiters;
    while (w.length > 0 && w[0]!.end <= this.sent) w.shift()!.resolve();
  }

  /** The FIN was framed: the stream is done. */
  finished(): void {
    this.finSent = true;
    this.#closeWaiter?.resolve();
    this.#closeWaiter = undefined;
    this.#settleClosed?.();
  }

  /**
   * Ends the stream abnormally with `error` (a reset, the peer's STOP_SENDING,
   * the session's end): queued bytes are dropped, pending writes reject.
   */
  fail(error: unknown): void {
    if (this.failure !== undefined || this.finSent) return;
    this.failure = error;
    this.#chunks.length = 0;
    this.queued = 0;
    for (const w of this.#waiters.splice(0)) w.reject(error);
    this.#closeWaiter?.reject(error);
    this.#closeWaiter = undefined;
    this.#settleClosed?.(error);
  }
}

/** The lean writer: every call goes straight to the stream. */
class QmuxWriter implements WritableStreamDefaultWriter<Uint8Array> {
  constructor(private readonly stream: QmuxSendStream) {}
  get closed(): Promise<undefined> {
    return this.stream.closed;
  }
  get ready(): Promise<undefined> {
    return RESOLVED as Promise<undefined>;
  }
  get desiredSize(): number | null {
    return this.stream.open ? 1 : null;
  }
  write(chunk: Uint8Array): Promise<void> {
    return this.stream.write(chunk);
  }
  close(): Promise<void> {
    return this.stream.end();
  }
  abort(reason?: unknown): Promise<void> {
    return this.stream.reset(reason);
  }
  releaseLock(): void {}
}

/** The error of a stream the peer stopped (STOP_SENDING, RFC 9000 §19.5). */
export const stoppedError = (code: number): TransportStreamError =>
  new TransportStreamError("stream", code, `stream stopped by the peer with code ${code}`);

/** The error of a stream torn down with its session. */
export const sessionGoneError = (): TransportStreamError =>
  new TransportStreamError("session", null);
