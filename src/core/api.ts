import type { AgcOptions } from "./agc.ts";
import type { EchoCancellerOptions } from "./echo-canceller.ts";
import type { G711CodecOptions, G711Law } from "./g711.ts";
import type { PcmInput } from "./pcm-input.ts";
import type { SampleRate } from "./rates.ts";
import type { ResamplerOptions } from "./resampler.ts";

/**
 * The part of the core's API that works in every place — main thread, Web
 * Worker (through comlink, every call then returns a Promise) and AudioWorklet:
 * create a processor, push arrays through it, free it. The heap-buffer frame
 * API (`pcm`, `processFrame()`, …) exists only where the heap is local.
 */
export interface CoreApi {
  /** See {@link Core.createG711Codec}. */
  createG711Codec(options: G711CodecOptions): G711CodecApi;
  /** See {@link Core.createResampler}. */
  createResampler(options: ResamplerOptions): ResamplerApi;
  /** See {@link Core.createAgc}. */
  createAgc(options: AgcOptions): AgcApi;
  /** See {@link Core.createEchoCanceller}. */
  createEchoCanceller(options: EchoCancellerOptions): EchoCancellerApi;
  /** Frees every processor. */
  close(): void;
}

/** Portable part of {@link G711Codec}. */
export interface G711CodecApi {
  /** The companding law. */
  readonly law: G711Law;
  /** Heap buffer length in samples (inputs of any length are chunked through it). */
  readonly frameSamples: number;
  /** 16-bit PCM (samples or little-endian bytes) to code words. */
  encode(pcm: PcmInput): Uint8Array;
  /** Code words to 16-bit PCM. */
  decode(codes: Uint8Array): Int16Array;
  /** Releases the codec's heap memory. */
  free(): void;
}

/** Portable part of {@link Resampler}. */
export interface ResamplerApi {
  /** Input rate in hertz. */
  readonly inputRate: SampleRate;
  /** Output rate in hertz. */
  readonly outputRate: SampleRate;
  /** Resamples the next chunk of the stream. */
  process(input: Float32Array): Float32Array;
  /** Forgets the signal history. */
  reset(): void;
  /** Releases the resampler's heap memory. */
  free(): void;
}

/** Portable part of {@link Agc}. */
export interface AgcApi {
  /** Sample rate in hertz. */
  readonly sampleRate: SampleRate;
  /** Current digital gain, dB. */
  readonly gainDb: number;
  /** Estimated input speech level, dBFS. */
  readonly speechLevelDbfs: number;
  /** Level-controls the next chunk of the stream. */
  process(input: Float32Array): Float32Array;
  /** Forgets levels and gain. */
  reset(): void;
  /** Releases the AGC's heap memory. */
  free(): void;
}

/** Portable part of {@link EchoCanceller}. */
export interface EchoCancellerApi {
  /** Sample rate in hertz. */
  readonly sampleRate: SampleRate;
  /** Output delay relative to the input, samples. */
  readonly latencySamples: number;
  /** Running echo return loss enhancement estimate, dB. */
  readonly erleDb: number;
  /** Removes the echo of `far` from `near` for the next chunk of both streams. */
  process(far: Float32Array, near: Float32Array): Float32Array;
  /** Forgets the adapted filter. */
  reset(): void;
  /** Releases the canceller's heap memory. */
  free(): void;
}
