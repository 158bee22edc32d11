import type { Ptr } from "./abi.ts";
import type { CoreRuntime } from "./runtime.ts";

/** The typed arrays a heap buffer can be viewed as. */
export type HeapArrayType = Int16Array | Uint8Array | Float32Array;

type ViewConstructor<T extends HeapArrayType> = new (
  buffer: ArrayBuffer,
  byteOffset: number,
  length: number,
) => T;

/**
 * A fixed-length buffer in the WASM heap, allocated once and reused for every
 * frame. `view` is re-taken only when the memory has grown (the old
 * ArrayBuffer is then detached), so reading it costs no allocation.
 */
export class HeapArray<T extends HeapArrayType> {
  readonly ptr: Ptr;
  readonly length: number;
  readonly #runtime: CoreRuntime;
  readonly #type: ViewConstructor<T>;
  #view: T;

  constructor(
    runtime: CoreRuntime,
    type: ViewConstructor<T> & { BYTES_PER_ELEMENT: number },
    length: number,
  ) {
    this.#runtime = runtime;
    this.#type = type;
    this.length = length;
    this.ptr = runtime.alloc(Math.max(1, length) * type.BYTES_PER_ELEMENT);
    this.#view = new type(runtime.buffer, this.ptr, length);
  }

  /** A view of the buffer, valid until the next call into the core that may grow memory. */
  get view(): T {
    const buffer = this.#runtime.buffer;
    if (this.#view.buffer !== buffer) this.#view = new this.#type(buffer, this.ptr, this.length);
    return this.#view;
  }

  /** Returns the memory to the heap. */
  free(): void {
    this.#runtime.release(this.ptr);
  }
}
