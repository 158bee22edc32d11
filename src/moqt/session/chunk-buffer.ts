const EMPTY = new Uint8Array(0);

/** Thrown by `ChunkBuffer.push` when more than the limit is pending without being decoded. */
export class ChunkBufferOverflow extends RangeError {}

/**
 * Bytes received on a stream and not yet decoded. A chunk that arrives while
 * nothing is pending is adopted as is (zero-copy); one that extends a partial
 * structure is appended, copying it once, into storage that grows by doubling,
 * so a large Object arriving in many small chunks costs linear time.
 *
 * Decoded values may hold views into `bytes`; the buffer never writes over bytes
 * it has handed out (it only appends past `end` or moves to new storage).
 */
export class ChunkBuffer {
  /** The storage; the unconsumed bytes are `bytes[start, end)`. */
  bytes: Uint8Array = EMPTY;
  start = 0;
  end = 0;
  private owned = false;

  /**
   * `maxPendingBytes` bounds what may wait undecoded for more bytes (one incomplete
   * structure); a chunk of any size can still extend it once.
   */
  constructor(readonly maxPendingBytes: number) {}

  /** Unconsumed bytes. */
  get length(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const pending = this.length;
    if (pending === 0) {
      this.bytes = chunk;
      this.start = 0;
      this.end = chunk.length;
      this.owned = false;
      return;
    }
    if (pending > this.maxPendingBytes) {
      throw new ChunkBufferOverflow(`${pending} bytes pending, limit ${this.maxPendingBytes}`);
    }
    const need = pending + chunk.length;
    if (this.owned && this.bytes.length - this.end >= chunk.length) {
      this.bytes.set(chunk, this.end);
      this.end += chunk.length;
      return;
    }
    const grown = 2 * (this.owned ? this.bytes.length : pending);
    const next = new Uint8Array(Math.max(need, grown, 4096));
    next.set(this.bytes.subarray(this.start, this.end));
    next.set(chunk, pending);
    this.bytes = next;
    this.start = 0;
    this.end = need;
    this.owned = true;
  }

  /** Marks `n` bytes as decoded. */
  consume(n: number): void {
    this.start += n;
    if (this.start >= this.end) {
      // Drop the reference so a consumed chunk can be collected.
      this.bytes = EMPTY;
      this.start = 0;
      this.end = 0;
      this.owned = false;
    }
  }

  /** The unconsumed bytes as a view (valid until the next `push`). */
  view(): Uint8Array {
    return this.bytes.subarray(this.start, this.end);
  }
}
