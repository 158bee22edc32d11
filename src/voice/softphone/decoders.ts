// Downlink decoders: each turns encoded frames into mono float samples at
// 48 kHz in the playout ring. Opus goes through WebCodecs' AudioDecoder in a
// worker (worker-decoder.ts); G.711 and pcm16 through the WASM core (G.711
// decode, polyphase resampler) on the page.
import {
  type Core,
  type CoreSource,
  loadCore,
  type Resampler,
  SAMPLE_RATES,
  type SampleRate,
} from "../../core/index.ts";
import type { SoftphoneCodec } from "./codecs.ts";
import { invalidArgument, type SoftphoneError } from "./errors.ts";
import { PLAYOUT_RATE } from "./opus-decoder.ts";
import type { PlayoutNode } from "./playout-node.ts";
import { startWorkerDecoder } from "./worker-decoder.ts";

export { PLAYOUT_RATE };

/** Receives decoded mono samples (the array is the receiver's to keep). */
export type SamplesHandler = (samples: Float32Array) => void;

/** A downlink decoder. */
export interface FrameDecoder {
  decode(tsUs: number, bytes: Uint8Array): void;
  close(): void;
}

/** Options of {@link createDecoder}. */
export interface DecoderOptions {
  readonly codec: SoftphoneCodec;
  /** Rate of the encoded frames (G.711, pcm16); Opus always decodes at 48 kHz. */
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  /** Where the samples go. */
  readonly playout: PlayoutNode;
  readonly wasm?: CoreSource;
  /** URL of the Opus decoder worker script. */
  readonly workerUrl?: string | URL;
  readonly onError: (error: SoftphoneError) => void;
}

/** A decoder for `o.codec`: Opus in the decoder worker, the others in the WASM core. */
export async function createDecoder(o: DecoderOptions): Promise<FrameDecoder> {
  if (o.codec === "opus") {
    return startWorkerDecoder({
      channels: o.channels,
      playout: o.playout,
      onError: o.onError,
      ...(o.workerUrl !== undefined && { workerUrl: o.workerUrl }),
    });
  }
  const core = await loadCore(o.wasm);
  return new CoreDecoder(core, o);
}

/** Largest G.711 / pcm16 frame decoded at once: 60 ms at 48 kHz. */
const MAX_FRAME_SAMPLES = 2_880;

class CoreDecoder implements FrameDecoder {
  readonly #g711;
  readonly #resampler: Resampler | undefined;

  constructor(
    private readonly core: Core,
    private readonly o: DecoderOptions,
  ) {
    const rate = o.sampleRate as SampleRate;
    if (!SAMPLE_RATES.includes(rate)) {
      throw invalidArgument(
        `sampleRate of a ${o.codec} downlink must be one of ${SAMPLE_RATES.join(", ")}, got ${o.sampleRate}`,
      );
    }
    this.#g711 =
      o.codec === "pcm-s16"
        ? undefined
        : core.createG711Codec({
            law: o.codec === "ulaw" ? "mulaw" : "alaw",
            frameSamples: MAX_FRAME_SAMPLES,
          });
    this.#resampler =
      rate === PLAYOUT_RATE
        ? undefined
        : core.createResampler({
            inputRate: rate,
            outputRate: PLAYOUT_RATE,
            maxInputSamples: MAX_FRAME_SAMPLES,
          });
  }

  decode(_tsUs: number, bytes: Uint8Array): void {
    const pcm = this.#toFloat(bytes);
    this.o.playout.write(this.#resampler === undefined ? pcm : this.#resampler.process(pcm));
  }

  #toFloat(bytes: Uint8Array): Float32Array {
    const g711 = this.#g711;
    const channels = this.o.channels;
    if (g711 !== undefined) {
      const out = new Float32Array(bytes.length);
      for (let at = 0; at < bytes.length; at += MAX_FRAME_SAMPLES) {
        const n = Math.min(bytes.length - at, MAX_FRAME_SAMPLES);
        g711.codes.set(bytes.subarray(at, at + n));
        g711.decodeFloatFrame(n);
        out.set(g711.float.subarray(0, n), at);
      }
      return downmix(out, channels);
    }
    // pcm16: little-endian 16-bit samples.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Float32Array(bytes.byteLength >> 1);
    for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32768;
    return downmix(out, channels);
  }

  close(): void {
    this.core.close();
  }
}

/** Interleaved `channels` → mono by averaging (a copy). */
function downmix(interleaved: Float32Array, channels: number): Float32Array {
  if (channels === 1) return interleaved;
  const out = new Float32Array(Math.floor(interleaved.length / channels));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[i * channels + c] as number;
    out[i] = sum / channels;
  }
  return out;
}
