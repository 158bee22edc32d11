import { type ProxyMarked, proxy, transfer } from "comlink";
import type { Agc, AgcOptions } from "./agc.ts";
import type { AgcApi, CoreApi, EchoCancellerApi, G711CodecApi, ResamplerApi } from "./api.ts";
import type { Core } from "./core.ts";
import type { EchoCanceller, EchoCancellerOptions } from "./echo-canceller.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";
import type { G711Codec, G711CodecOptions, G711Law } from "./g711.ts";
import { instantiateCoreAsync } from "./instantiate.ts";
import type { PcmInput } from "./pcm-input.ts";
import type { SampleRate } from "./rates.ts";
import type { Resampler, ResamplerOptions } from "./resampler.ts";

/** Hands a fresh result back to the caller by transfer, not by copy. */
function give<T extends Uint8Array | Int16Array | Float32Array>(array: T): T {
  return transfer(array, [array.buffer as ArrayBuffer]);
}

class G711CodecPort implements G711CodecApi {
  readonly #codec: G711Codec;
  constructor(codec: G711Codec) {
    this.#codec = codec;
  }
  get law(): G711Law {
    return this.#codec.law;
  }
  get frameSamples(): number {
    return this.#codec.frameSamples;
  }
  encode(pcm: PcmInput): Uint8Array {
    return give(this.#codec.encode(pcm));
  }
  decode(codes: Uint8Array): Int16Array {
    return give(this.#codec.decode(codes));
  }
  free(): void {
    this.#codec.free();
  }
}

class ResamplerPort implements ResamplerApi {
  readonly #r: Resampler;
  constructor(r: Resampler) {
    this.#r = r;
  }
  get inputRate(): SampleRate {
    return this.#r.inputRate;
  }
  get outputRate(): SampleRate {
    return this.#r.outputRate;
  }
  process(input: Float32Array): Float32Array {
    return give(this.#r.process(input));
  }
  reset(): void {
    this.#r.reset();
  }
  free(): void {
    this.#r.free();
  }
}

class AgcPort implements AgcApi {
  readonly #agc: Agc;
  constructor(agc: Agc) {
    this.#agc = agc;
  }
  get sampleRate(): SampleRate {
    return this.#agc.sampleRate;
  }
  get gainDb(): number {
    return this.#agc.gainDb;
  }
  get speechLevelDbfs(): number {
    return this.#agc.speechLevelDbfs;
  }
  process(input: Float32Array): Float32Array {
    return give(this.#agc.process(input));
  }
  reset(): void {
    this.#agc.reset();
  }
  free(): void {
    this.#agc.free();
  }
}

class EchoCancellerPort implements EchoCancellerApi {
  readonly #aec: EchoCanceller;
  constructor(aec: EchoCanceller) {
    this.#aec = aec;
  }
  get sampleRate(): SampleRate {
    return this.#aec.sampleRate;
  }
  get latencySamples(): number {
    return this.#aec.latencySamples;
  }
  get erleDb(): number {
    return this.#aec.erleDb;
  }
  process(far: Float32Array, near: Float32Array): Float32Array {
    return give(this.#aec.process(far, near));
  }
  reset(): void {
    this.#aec.reset();
  }
  free(): void {
    this.#aec.free();
  }
}

/**
 * What the core worker exposes through comlink: {@link CoreApi}, with every
 * processor returned as a proxy and every result array transferred back.
 * Call `init` once with the compiled module before anything else.
 */
export class CoreService implements CoreApi {
  #core: Core | undefined;

  /** Instantiates the core inside the worker from a module compiled elsewhere. */
  async init(module: WebAssembly.Module): Promise<void> {
    this.#core?.close();
    this.#core = await instantiateCoreAsync(module);
  }

  #ready(): Core {
    if (this.#core === undefined || this.#core.closed) {
      throw new CoreError(
        CoreErrorCode.Freed,
        "the worker's core is not initialised or was closed",
      );
    }
    return this.#core;
  }

  /** A G.711 codec living in the worker. */
  createG711Codec(options: G711CodecOptions): G711CodecApi & ProxyMarked {
    return proxy(new G711CodecPort(this.#ready().createG711Codec(options)));
  }

  /** A resampler living in the worker. */
  createResampler(options: ResamplerOptions): ResamplerApi & ProxyMarked {
    return proxy(new ResamplerPort(this.#ready().createResampler(options)));
  }

  /** An AGC living in the worker. */
  createAgc(options: AgcOptions): AgcApi & ProxyMarked {
    return proxy(new AgcPort(this.#ready().createAgc(options)));
  }

  /** An echo canceller living in the worker. */
  createEchoCanceller(options: EchoCancellerOptions): EchoCancellerApi & ProxyMarked {
    return proxy(new EchoCancellerPort(this.#ready().createEchoCanceller(options)));
  }

  /** Frees every processor in the worker. */
  close(): void {
    this.#core?.close();
  }
}
