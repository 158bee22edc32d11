import { checkStatus } from "./abi.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";
import { HeapArray } from "./heap-array.ts";
import { HeapProcessor } from "./processor.ts";
import { checkRate, type SampleRate, samplesIn } from "./rates.ts";
import type { CoreRuntime } from "./runtime.ts";
import { checkFrame, checkInteger } from "./validate.ts";

/** Options of {@link EchoCanceller}. */
export interface EchoCancellerOptions {
  /** Sample rate of both signals, in hertz. */
  sampleRate: SampleRate;
  /** Echo path length the filter covers; default 128 ms. */
  filterMs?: number;
  /** Length of the heap buffers; default 10 ms. */
  maxFrameSamples?: number;
}

/**
 * Acoustic echo canceller: a partitioned-block frequency-domain adaptive filter
 * that predicts the echo of the far-end (loudspeaker) signal in the near-end
 * (microphone) signal and subtracts it. The output lags the input by
 * {@link latencySamples} (one block). The two signals must be time-aligned to
 * within the filter length.
 *
 * Zero-copy path: fill {@link far} and {@link near}, call {@link processFrame},
 * read {@link output}.
 */
export class EchoCanceller extends HeapProcessor {
  /** Sample rate in hertz. */
  readonly sampleRate: SampleRate;
  /** Echo path length covered, in milliseconds. */
  readonly filterMs: number;
  /** Length of the heap buffers. */
  readonly maxFrameSamples: number;
  /** Output delay relative to the input, in samples. */
  readonly latencySamples: number;
  #handle = 0;
  #far!: HeapArray<Float32Array>;
  #near!: HeapArray<Float32Array>;
  #output!: HeapArray<Float32Array>;

  /** @internal Use `Core.createEchoCanceller`. */
  constructor(runtime: CoreRuntime, options: EchoCancellerOptions) {
    super(runtime, "EchoCanceller");
    this.sampleRate = checkRate(options.sampleRate, "echo canceller rate");
    this.filterMs = checkInteger(options.filterMs ?? 128, 10, 1000, "filterMs");
    this.maxFrameSamples = checkInteger(
      options.maxFrameSamples ?? samplesIn(10, this.sampleRate),
      1,
      480_000,
      "maxFrameSamples",
    );
    const x = runtime.exports;
    this.construct(() => {
      const handle = x.cc_aec_create(this.sampleRate, this.filterMs);
      if (handle === 0)
        throw new CoreError(CoreErrorCode.OutOfMemory, "cannot allocate the echo canceller");
      this.#handle = this.ownHandle(handle, (h) => x.cc_aec_destroy(h));
      this.#far = this.own(new HeapArray(runtime, Float32Array, this.maxFrameSamples));
      this.#near = this.own(new HeapArray(runtime, Float32Array, this.maxFrameSamples));
      this.#output = this.own(new HeapArray(runtime, Float32Array, this.maxFrameSamples));
    });
    this.latencySamples = x.cc_aec_latency(this.#handle);
  }

  /** Heap view of the far-end (reference) buffer. */
  get far(): Float32Array {
    this.assertLive();
    return this.#far.view;
  }

  /** Heap view of the near-end (microphone) buffer. */
  get near(): Float32Array {
    this.assertLive();
    return this.#near.view;
  }

  /** Heap view of the echo-cancelled output buffer. */
  get output(): Float32Array {
    this.assertLive();
    return this.#output.view;
  }

  /** Cancels echo in `near[0..samples)` given `far[0..samples)`, writing `output[0..samples)`. */
  processFrame(samples: number = this.maxFrameSamples): void {
    this.assertLive();
    checkFrame(samples, this.maxFrameSamples, "EchoCanceller.processFrame");
    const x = this.runtime.exports;
    checkStatus(
      x.cc_aec_process(this.#handle, this.#far.ptr, this.#near.ptr, this.#output.ptr, samples),
      "echo cancellation",
    );
  }

  /** Processes equal-length far and near signals of any length into `out` or a new array. */
  process(far: Float32Array, near: Float32Array, out?: Float32Array): Float32Array {
    this.assertLive();
    if (!(far instanceof Float32Array) || !(near instanceof Float32Array)) {
      throw new CoreError(
        CoreErrorCode.InvalidArgument,
        "echo canceller input must be Float32Arrays",
      );
    }
    if (far.length !== near.length) {
      throw new CoreError(
        CoreErrorCode.InvalidArgument,
        `far (${far.length}) and near (${near.length}) lengths differ`,
      );
    }
    const result = out ?? new Float32Array(near.length);
    checkFrame(near.length, result.length, "EchoCanceller.process output");
    for (let at = 0; at < near.length; at += this.maxFrameSamples) {
      const n = Math.min(this.maxFrameSamples, near.length - at);
      this.#far.view.set(far.subarray(at, at + n));
      this.#near.view.set(near.subarray(at, at + n));
      this.processFrame(n);
      result.set(this.#output.view.subarray(0, n), at);
    }
    return result;
  }

  /** Running estimate of the echo return loss enhancement (near vs output energy), dB. */
  get erleDb(): number {
    this.assertLive();
    return this.runtime.exports.cc_aec_erle_db(this.#handle);
  }

  /** Forgets the adapted filter, as if newly created. */
  reset(): void {
    this.assertLive();
    checkStatus(this.runtime.exports.cc_aec_reset(this.#handle), "echo canceller reset");
  }
}
