import type { CoreExports, Ptr } from "./abi.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";

/** Something holding heap memory that {@link CoreRuntime.close} must release. */
export interface HeapResource {
  free(): void;
}

/**
 * One instantiated core: its exports, its linear memory and everything
 * allocated in it, so that `close()` frees all of it at once.
 */
export class CoreRuntime {
  readonly exports: CoreExports;
  readonly #resources = new Set<HeapResource>();
  #closed = false;

  constructor(exports: CoreExports) {
    this.exports = exports;
  }

  /** The current backing store; a new object after every memory growth. */
  get buffer(): ArrayBuffer {
    // A non-shared memory (Deno's lib types it ArrayBuffer | SharedArrayBuffer).
    return this.exports.memory.buffer as ArrayBuffer;
  }

  /** True once {@link close} ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Throws `CORE_FREED` once the core is closed. */
  assertOpen(): void {
    if (this.#closed) throw new CoreError(CoreErrorCode.Freed, "the audio core is closed");
  }

  /** Zeroed, 16-byte aligned heap memory; throws `CORE_OUT_OF_MEMORY` on failure. */
  alloc(bytes: number): Ptr {
    this.assertOpen();
    const ptr = this.exports.cc_alloc(bytes);
    if (ptr === 0) {
      throw new CoreError(
        CoreErrorCode.OutOfMemory,
        `cannot allocate ${bytes} bytes in the core heap`,
      );
    }
    return ptr;
  }

  /** Releases memory from {@link alloc}. */
  release(ptr: Ptr): void {
    this.exports.cc_free(ptr);
  }

  /** Registers a resource for {@link close}. */
  track(resource: HeapResource): void {
    this.#resources.add(resource);
  }

  /** Forgets a resource that freed itself. */
  untrack(resource: HeapResource): void {
    this.#resources.delete(resource);
  }

  /** Frees every live resource; later calls on them throw `CORE_FREED`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    for (const resource of [...this.#resources]) resource.free();
    this.#resources.clear();
    this.#closed = true;
  }
}
