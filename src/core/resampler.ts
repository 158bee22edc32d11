import { checkStatus } from "./abi.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";
import { HeapArray } from "./heap-array.ts";
import { HeapProcessor } from "./processor.ts";
import { checkRate, type SampleRate, samplesIn } from "./rates.ts";
import type { CoreRuntime } from "./runtime.ts";
import { checkFrame, checkInteger } from "./validate.ts";

/** Options of {@link Resampler}. */
export interface ResamplerOptions {
  /** Rate of the input, in hertz. */
  inputRate: SampleRate;
  /** Rate of the output, in hertz. */
  outputRate: SampleRate;
  /** Length of the input heap buffer; default 20 ms at the input rate. */
  maxInputSamples?: number;
}

/**
 * Streaming polyphase FIR sample-rate converter between 8, 16, 24, 32, 44.1 and
 * 48 kHz: passband flat within 0.1 dB up to 0.9 × the lower Nyquist frequency,
 * at least 60 dB stopband. State carries across calls, so any chunking yields
 * the same samples as one long call.
 *
 * Zero-copy path: fill {@link input}, call {@link processFrame}, read the
 * returned count of samples from {@link output}.
 */
export class Resampler extends HeapProcessor {
  /** Input rate in hertz. */
  readonly inputRate: SampleRate;
  /** Output rate in hertz. */
  readonly outputRate: SampleRate;
  /** Length of {@link input}. */
  readonly maxInputSamples: number;
  /** Length of {@link output}: the most samples one full input buffer produces. */
  readonly maxOutputSamples: number;
  /** Group delay of the filter, in input samples. */
  readonly delayInputSamples: number;
  /** FIR taps per polyphase branch. */
  readonly tapsPerPhase: number;
  #handle = 0;
  #input!: HeapArray<Float32Array>;
  #output!: HeapArray<Float32Array>;

  /** @internal Use `Core.createResampler`. */
  constructor(runtime: CoreRuntime, options: ResamplerOptions) {
    super(runtime, "Resampler");
    this.inputRate = checkRate(options.inputRate, "input rate");
    this.outputRate = checkRate(options.outputRate, "output rate");
    this.maxInputSamples = checkInteger(
      options.maxInputSamples ?? samplesIn(20, this.inputRate),
      1,
      480_000,
      "maxInputSamples",
    );
    const x = runtime.exports;
    let maxOutput = 0;
    this.construct(() => {
      const handle = x.cc_resampler_create(this.inputRate, this.outputRate);
      if (handle === 0) {
        throw new CoreError(CoreErrorCode.OutOfMemory, "cannot allocate the resampler");
      }
      this.#handle = this.ownHandle(handle, (h) => x.cc_resampler_destroy(h));
      maxOutput = checkStatus(
        x.cc_resampler_max_output(handle, this.maxInputSamples),
        "resampler size",
      );
      this.#input = this.own(new HeapArray(runtime, Float32Array, this.maxInputSamples));
      this.#output = this.own(new HeapArray(runtime, Float32Array, maxOutput));
    });
    this.maxOutputSamples = maxOutput;
    this.delayInputSamples = x.cc_resampler_delay(this.#handle);
    this.tapsPerPhase = x.cc_resampler_taps(this.#handle);
  }

  /** Heap view of the input buffer ({@link maxInputSamples} long). */
  get input(): Float32Array {
    this.assertLive();
    return this.#input.view;
  }

  /** Heap view of the output buffer ({@link maxOutputSamples} long). */
  get output(): Float32Array {
    this.assertLive();
    return this.#output.view;
  }

  /** Resamples `input[0..samples)`; returns how many samples it wrote to `output`. */
  processFrame(samples: number = this.maxInputSamples): number {
    this.assertLive();
    checkFrame(samples, this.maxInputSamples, "Resampler.processFrame");
    const x = this.runtime.exports;
    return checkStatus(
      x.cc_resampler_process(
        this.#handle,
        this.#input.ptr,
        samples,
        this.#output.ptr,
        this.maxOutputSamples,
      ),
      "resample",
    );
  }

  /** Resamples input of any length (copied through the heap buffers) into a new array. */
  process(input: Float32Array): Float32Array {
    this.assertLive();
    if (!(input instanceof Float32Array)) {
      throw new CoreError(CoreErrorCode.InvalidArgument, "resampler input must be a Float32Array");
    }
    const chunks = Math.ceil(input.length / this.maxInputSamples);
    const result = new Float32Array(chunks * this.maxOutputSamples);
    let written = 0;
    for (let at = 0; at < input.length; at += this.maxInputSamples) {
      const n = Math.min(this.maxInputSamples, input.length - at);
      this.#input.view.set(input.subarray(at, at + n));
      const produced = this.processFrame(n);
      result.set(this.#output.view.subarray(0, produced), written);
      written += produced;
    }
    return result.slice(0, written);
  }

  /** Forgets the signal history, as if newly created. */
  reset(): void {
    this.assertLive();
    checkStatus(this.runtime.exports.cc_resampler_reset(this.#handle), "resampler reset");
  }
}
