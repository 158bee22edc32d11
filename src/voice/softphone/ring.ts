// A single-producer single-consumer ring of float samples. Its two counters
// live in an Int32Array read and written with Atomics, so the same class works
// over a SharedArrayBuffer (decoder thread writes, audio thread reads) or over
// plain memory inside the worklet (postMessage transport).

/** Int32 slots before the samples: write counter, read counter, handshake word, spare. */
export const RING_HEADER_INTS = 4;
const WRITE = 0;
const READ = 1;
/** Slot the worklet sets to {@link RING_HANDSHAKE} once it has the shared ring. */
export const HANDSHAKE_SLOT = 2;
/** The value the worklet writes into the shared ring to prove the memory is shared. */
export const RING_HANDSHAKE = 0x5a_17_0b_0e;

/** Bytes a ring of `capacity` samples needs. */
export function ringBytes(capacity: number): number {
  return RING_HEADER_INTS * 4 + capacity * 4;
}

/** The smallest power of two ≥ `samples` (the counters wrap at 2^32). */
export function ringCapacity(samples: number): number {
  let c = 128;
  while (c < samples) c *= 2;
  return c;
}

/** An SPSC sample ring over `buffer` (a SharedArrayBuffer or an ArrayBuffer). */
export class SampleRing {
  readonly capacity: number;
  readonly header: Int32Array;
  readonly #data: Float32Array;
  readonly #mask: number;

  constructor(readonly buffer: ArrayBufferLike) {
    this.capacity = (buffer.byteLength - RING_HEADER_INTS * 4) / 4;
    if (this.capacity < 1 || (this.capacity & (this.capacity - 1)) !== 0) {
      throw new RangeError(`ring capacity must be a power of two, got ${this.capacity}`);
    }
    this.header = new Int32Array(buffer, 0, RING_HEADER_INTS);
    this.#data = new Float32Array(buffer, RING_HEADER_INTS * 4, this.capacity);
    this.#mask = this.capacity - 1;
  }

  /** A ring of at least `samples` capacity in new memory. */
  static allocate(samples: number, shared: boolean): SampleRing {
    const bytes = ringBytes(ringCapacity(samples));
    return new SampleRing(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  }

  /** Samples written and not yet read. */
  get available(): number {
    return (Atomics.load(this.header, WRITE) - Atomics.load(this.header, READ)) | 0;
  }

  /** Room left for the producer. */
  get free(): number {
    return this.capacity - this.available;
  }

  /** Producer: appends as much of `samples` as fits; returns how many were written. */
  write(samples: Float32Array): number {
    const w = Atomics.load(this.header, WRITE);
    const n = Math.min(samples.length, this.free);
    const start = w & this.#mask;
    const first = Math.min(n, this.capacity - start);
    this.#data.set(samples.subarray(0, first), start);
    if (n > first) this.#data.set(samples.subarray(first, n), 0);
    Atomics.store(this.header, WRITE, (w + n) | 0);
    return n;
  }

  /** Consumer: moves up to `n` samples into `out` from `offset`; returns how many. */
  read(out: Float32Array, offset: number, n: number): number {
    const r = Atomics.load(this.header, READ);
    const count = Math.min(n, this.available, out.length - offset);
    const start = r & this.#mask;
    const first = Math.min(count, this.capacity - start);
    out.set(this.#data.subarray(start, start + first), offset);
    if (count > first) out.set(this.#data.subarray(0, count - first), offset + first);
    Atomics.store(this.header, READ, (r + count) | 0);
    return count;
  }

  /** Consumer: drops up to `n` of the oldest samples; returns how many. */
  skip(n: number): number {
    const count = Math.min(n, this.available);
    Atomics.store(this.header, READ, (Atomics.load(this.header, READ) + count) | 0);
    return count;
  }
}
