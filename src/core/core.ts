import { Agc, type AgcOptions } from "./agc.ts";
import { EchoCanceller, type EchoCancellerOptions } from "./echo-canceller.ts";
import { G711Codec, type G711CodecOptions } from "./g711.ts";
import { Resampler, type ResamplerOptions } from "./resampler.ts";
import type { CoreRuntime } from "./runtime.ts";

/**
 * The WASM audio core: a factory for processors that share one WASM heap.
 * Obtain it with `loadCore()` (main thread, Node), `instantiateCore()` (inside
 * an AudioWorklet) or `loadCoreWorker()` (the same API in a Web Worker).
 */
export class Core {
  readonly #runtime: CoreRuntime;

  /** @internal Use `loadCore` or `instantiateCore`. */
  constructor(runtime: CoreRuntime) {
    this.#runtime = runtime;
  }

  /** A G.711 µ-law or A-law codec with its own heap buffers. */
  createG711Codec(options: G711CodecOptions): G711Codec {
    return new G711Codec(this.#runtime, options);
  }

  /** A streaming sample-rate converter. */
  createResampler(options: ResamplerOptions): Resampler {
    return new Resampler(this.#runtime, options);
  }

  /** An automatic gain control. */
  createAgc(options: AgcOptions): Agc {
    return new Agc(this.#runtime, options);
  }

  /** An acoustic echo canceller. */
  createEchoCanceller(options: EchoCancellerOptions): EchoCanceller {
    return new EchoCanceller(this.#runtime, options);
  }

  /** Size of the WASM linear memory in bytes (it grows, never shrinks). */
  get heapBytes(): number {
    return this.#runtime.buffer.byteLength;
  }

  /** True once {@link close} ran. */
  get closed(): boolean {
    return this.#runtime.closed;
  }

  /** Frees every processor made by this core; later use of any of them throws `CORE_FREED`. */
  close(): void {
    this.#runtime.close();
  }
}
