import { CLaw, checkStatus } from "./abi.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";
import { HeapArray } from "./heap-array.ts";
import { type PcmInput, toPcmSamples } from "./pcm-input.ts";
import { HeapProcessor } from "./processor.ts";
import type { CoreRuntime } from "./runtime.ts";
import { checkFrame, checkInteger } from "./validate.ts";

/** ITU-T G.711 companding law: µ-law (North America, Japan) or A-law (elsewhere). */
export type G711Law = "mulaw" | "alaw";

/** Options of {@link G711Codec}. */
export interface G711CodecOptions {
  /** The companding law. */
  law: G711Law;
  /** Heap buffer length in samples; default 160 (20 ms at 8 kHz). */
  frameSamples?: number;
}

/** The largest heap buffer a codec may ask for: 10 s at 48 kHz. */
const MAX_FRAME_SAMPLES = 480_000;

/**
 * ITU-T G.711 encoder/decoder over heap buffers that live as long as the codec.
 *
 * Zero-copy path (one copy per frame, no allocation): write samples into
 * {@link pcm} (or {@link float}), call {@link encodeFrame}, read {@link codes};
 * or the reverse with {@link decodeFrame}. {@link encode} and {@link decode}
 * take arrays of any length and copy through the same buffers.
 */
export class G711Codec extends HeapProcessor {
  /** The companding law. */
  readonly law: G711Law;
  /** Length of {@link pcm}, {@link codes} and {@link float} in samples. */
  readonly frameSamples: number;
  readonly #law: number;
  #pcm!: HeapArray<Int16Array>;
  #codes!: HeapArray<Uint8Array>;
  #float!: HeapArray<Float32Array>;

  /** @internal Use `Core.createG711Codec`. */
  constructor(runtime: CoreRuntime, options: G711CodecOptions) {
    super(runtime, "G711Codec");
    if (options.law !== "mulaw" && options.law !== "alaw") {
      throw new CoreError(
        CoreErrorCode.InvalidArgument,
        `unknown G.711 law ${String(options.law)}`,
      );
    }
    this.law = options.law;
    this.#law = CLaw[options.law];
    this.frameSamples = checkInteger(
      options.frameSamples ?? 160,
      1,
      MAX_FRAME_SAMPLES,
      "frameSamples",
    );
    this.construct(() => {
      this.#pcm = this.own(new HeapArray(runtime, Int16Array, this.frameSamples));
      this.#codes = this.own(new HeapArray(runtime, Uint8Array, this.frameSamples));
      this.#float = this.own(new HeapArray(runtime, Float32Array, this.frameSamples));
    });
  }

  /** Heap view of the 16-bit PCM buffer (input of encode, output of decode). */
  get pcm(): Int16Array {
    this.assertLive();
    return this.#pcm.view;
  }

  /** Heap view of the code-word buffer (output of encode, input of decode). */
  get codes(): Uint8Array {
    this.assertLive();
    return this.#codes.view;
  }

  /** Heap view of a float buffer in [-1, 1) for Web Audio samples. */
  get float(): Float32Array {
    this.assertLive();
    return this.#float.view;
  }

  /** Encodes `pcm[0..samples)` into `codes[0..samples)`. */
  encodeFrame(samples: number = this.frameSamples): void {
    this.assertLive();
    checkFrame(samples, this.frameSamples, "G711Codec.encodeFrame");
    const x = this.runtime.exports;
    checkStatus(
      x.cc_g711_encode(this.#law, this.#pcm.ptr, this.#codes.ptr, samples),
      "G.711 encode",
    );
  }

  /** Decodes `codes[0..samples)` into `pcm[0..samples)`. */
  decodeFrame(samples: number = this.frameSamples): void {
    this.assertLive();
    checkFrame(samples, this.frameSamples, "G711Codec.decodeFrame");
    const x = this.runtime.exports;
    checkStatus(
      x.cc_g711_decode(this.#law, this.#codes.ptr, this.#pcm.ptr, samples),
      "G.711 decode",
    );
  }

  /** Converts `float[0..samples)` to 16-bit PCM (rounded, saturated), then encodes it. */
  encodeFloatFrame(samples: number = this.frameSamples): void {
    this.assertLive();
    checkFrame(samples, this.frameSamples, "G711Codec.encodeFloatFrame");
    const x = this.runtime.exports;
    checkStatus(x.cc_f32_to_s16(this.#float.ptr, this.#pcm.ptr, samples), "float to PCM");
    checkStatus(
      x.cc_g711_encode(this.#law, this.#pcm.ptr, this.#codes.ptr, samples),
      "G.711 encode",
    );
  }

  /** Decodes `codes[0..samples)` into `pcm` and into `float` as samples in [-1, 1). */
  decodeFloatFrame(samples: number = this.frameSamples): void {
    this.decodeFrame(samples);
    const x = this.runtime.exports;
    checkStatus(x.cc_s16_to_f32(this.#pcm.ptr, this.#float.ptr, samples), "PCM to float");
  }

  /**
   * Encodes 16-bit PCM of any length (samples, or little-endian bytes: an odd
   * byte count throws `CORE_ODD_BYTE_COUNT`) into `out` or a new array.
   */
  encode(pcm: PcmInput, out?: Uint8Array): Uint8Array {
    this.assertLive();
    const input = toPcmSamples(pcm);
    const result = out ?? new Uint8Array(input.length);
    checkFrame(input.length, result.length, "G711Codec.encode output");
    for (let at = 0; at < input.length; at += this.frameSamples) {
      const n = Math.min(this.frameSamples, input.length - at);
      this.#pcm.view.set(input.subarray(at, at + n));
      this.encodeFrame(n);
      result.set(this.#codes.view.subarray(0, n), at);
    }
    return result;
  }

  /** Decodes code words of any length into `out` or a new array of 16-bit PCM. */
  decode(codes: Uint8Array, out?: Int16Array): Int16Array {
    this.assertLive();
    if (!(codes instanceof Uint8Array)) {
      throw new CoreError(CoreErrorCode.InvalidArgument, "G.711 code words must be a Uint8Array");
    }
    const result = out ?? new Int16Array(codes.length);
    checkFrame(codes.length, result.length, "G711Codec.decode output");
    for (let at = 0; at < codes.length; at += this.frameSamples) {
      const n = Math.min(this.frameSamples, codes.length - at);
      this.#codes.view.set(codes.subarray(at, at + n));
      this.decodeFrame(n);
      result.set(this.#pcm.view.subarray(0, n), at);
    }
    return result;
  }
}
