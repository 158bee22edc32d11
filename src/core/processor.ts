import { CoreError, CoreErrorCode } from "./errors.ts";
import type { CoreRuntime, HeapResource } from "./runtime.ts";

/**
 * Shared lifetime of every core object: it registers with its runtime, frees
 * everything it owns exactly once (also when its constructor fails half way),
 * and throws `CORE_FREED` when used afterwards.
 */
export abstract class HeapProcessor implements HeapResource {
  protected readonly runtime: CoreRuntime;
  readonly #kind: string;
  readonly #owned: (() => void)[] = [];
  #freed = false;

  protected constructor(runtime: CoreRuntime, kind: string) {
    runtime.assertOpen();
    this.runtime = runtime;
    this.#kind = kind;
  }

  /** True once {@link free} ran (directly or through the core's `close()`). */
  get freed(): boolean {
    return this.#freed;
  }

  /** Releases the heap memory; idempotent. Every other call afterwards throws `CORE_FREED`. */
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    this.runtime.untrack(this);
    for (const release of this.#owned.splice(0).reverse()) release();
  }

  /** Builds the owned parts with `build`; on failure frees what was built and rethrows. */
  protected construct(build: () => void): void {
    try {
      build();
    } catch (error) {
      this.free();
      throw error;
    }
    this.runtime.track(this);
  }

  /** Registers how to release a part this object owns (run in reverse order on free). */
  protected own<T extends HeapResource>(part: T): T {
    this.#owned.push(() => part.free());
    return part;
  }

  /** Registers a C handle and its destroy function. */
  protected ownHandle(handle: number, destroy: (handle: number) => number): number {
    this.#owned.push(() => void destroy(handle));
    return handle;
  }

  /** Throws `CORE_FREED` after {@link free}. */
  protected assertLive(): void {
    if (this.#freed) throw new CoreError(CoreErrorCode.Freed, `${this.#kind} was freed`);
  }
}
