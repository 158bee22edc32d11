import { checkStatus } from "./abi.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";
import { HeapArray } from "./heap-array.ts";
import { HeapProcessor } from "./processor.ts";
import { checkRate, type SampleRate, samplesIn } from "./rates.ts";
import type { CoreRuntime } from "./runtime.ts";
import { checkFrame, checkInteger, checkNumber } from "./validate.ts";

/** Options of {@link Agc}. Levels are RMS over speech, in dB relative to full scale. */
export interface AgcOptions {
  /** Sample rate in hertz. */
  sampleRate: SampleRate;
  /** Length of the heap frame buffer; default 10 ms. */
  maxFrameSamples?: number;
  /** Speech level to aim for; default -18 dBFS. */
  targetLevelDbfs?: number;
  /** Largest boost (and cut); default 30 dB. */
  maxGainDb?: number;
  /** Fastest gain rise (falls may be twice as fast); default 6 dB/s. */
  maxGainChangeDbPerSecond?: number;
  /** The gain never lifts the noise floor above this; default -50 dBFS. */
  maxOutputNoiseLevelDbfs?: number;
  /** Peak ceiling of the limiter; no output sample exceeds it; default -1 dBFS. */
  limiterDbfs?: number;
}

/**
 * Automatic gain control in the manner of WebRTC's AGC2: a speech level
 * estimator (energy voice activity against a tracked noise floor), an adaptive
 * digital gain slewing toward `target - speech level`, and a limiter that
 * guarantees no sample exceeds the ceiling. Works in place on any chunk size.
 *
 * Zero-copy path: fill {@link frame}, call {@link processFrame}, read {@link frame}.
 */
export class Agc extends HeapProcessor {
  /** Sample rate in hertz. */
  readonly sampleRate: SampleRate;
  /** Length of {@link frame}. */
  readonly maxFrameSamples: number;
  #handle = 0;
  #frame!: HeapArray<Float32Array>;

  /** @internal Use `Core.createAgc`. */
  constructor(runtime: CoreRuntime, options: AgcOptions) {
    super(runtime, "Agc");
    this.sampleRate = checkRate(options.sampleRate, "AGC rate");
    this.maxFrameSamples = checkInteger(
      options.maxFrameSamples ?? samplesIn(10, this.sampleRate),
      1,
      480_000,
      "maxFrameSamples",
    );
    const target = checkNumber(options.targetLevelDbfs ?? -18, -59, -1, "targetLevelDbfs");
    const maxGain = checkNumber(options.maxGainDb ?? 30, 0, 60, "maxGainDb");
    const slew = checkNumber(
      options.maxGainChangeDbPerSecond ?? 6,
      0.1,
      1000,
      "maxGainChangeDbPerSecond",
    );
    const noise = checkNumber(
      options.maxOutputNoiseLevelDbfs ?? -50,
      -120,
      0,
      "maxOutputNoiseLevelDbfs",
    );
    const ceiling = checkNumber(options.limiterDbfs ?? -1, -19, 0, "limiterDbfs");
    const x = runtime.exports;
    this.construct(() => {
      const handle = x.cc_agc_create(this.sampleRate, target, maxGain, slew, noise, ceiling);
      if (handle === 0) throw new CoreError(CoreErrorCode.OutOfMemory, "cannot allocate the AGC");
      this.#handle = this.ownHandle(handle, (h) => x.cc_agc_destroy(h));
      this.#frame = this.own(new HeapArray(runtime, Float32Array, this.maxFrameSamples));
    });
  }

  /** Heap view of the frame buffer, processed in place. */
  get frame(): Float32Array {
    this.assertLive();
    return this.#frame.view;
  }

  /**
   * Applies gain and limiter in place to `samples` of {@link frame}, or of `target`:
   * another heap view of the same core (e.g. a resampler's `input`), so a chain of
   * processors needs no copy between them.
   */
  processFrame(samples: number = this.maxFrameSamples, target?: Float32Array): void {
    this.assertLive();
    checkFrame(samples, this.maxFrameSamples, "Agc.processFrame");
    let ptr = this.#frame.ptr;
    if (target !== undefined) {
      if (target.buffer !== this.runtime.buffer) {
        throw new CoreError(
          CoreErrorCode.InvalidArgument,
          "Agc.processFrame target must be a heap view of the same core",
        );
      }
      checkFrame(samples, target.length, "Agc.processFrame target");
      ptr = target.byteOffset;
    }
    checkStatus(this.runtime.exports.cc_agc_process(this.#handle, ptr, samples), "AGC");
  }

  /** Processes samples of any length (copied through the heap) into `out` or a new array. */
  process(input: Float32Array, out?: Float32Array): Float32Array {
    this.assertLive();
    if (!(input instanceof Float32Array)) {
      throw new CoreError(CoreErrorCode.InvalidArgument, "AGC input must be a Float32Array");
    }
    const result = out ?? new Float32Array(input.length);
    checkFrame(input.length, result.length, "Agc.process output");
    for (let at = 0; at < input.length; at += this.maxFrameSamples) {
      const n = Math.min(this.maxFrameSamples, input.length - at);
      this.#frame.view.set(input.subarray(at, at + n));
      this.processFrame(n);
      result.set(this.#frame.view.subarray(0, n), at);
    }
    return result;
  }

  /** Current digital gain in dB (without the limiter). */
  get gainDb(): number {
    this.assertLive();
    return this.runtime.exports.cc_agc_gain_db(this.#handle);
  }

  /** Estimated speech level of the input, dBFS (-Infinity before any speech). */
  get speechLevelDbfs(): number {
    this.assertLive();
    return this.runtime.exports.cc_agc_speech_dbfs(this.#handle);
  }

  /** Estimated noise floor of the input, dBFS. */
  get noiseLevelDbfs(): number {
    this.assertLive();
    return this.runtime.exports.cc_agc_noise_dbfs(this.#handle);
  }

  /** Forgets levels and gain, as if newly created. */
  reset(): void {
    this.assertLive();
    checkStatus(this.runtime.exports.cc_agc_reset(this.#handle), "AGC reset");
  }
}
