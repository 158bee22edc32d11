// Downlink decoders: each turns encoded frames into mono float samples at
// 48 kHz for the playout ring. Opus goes through WebCodecs' AudioDecoder;
// G.711 and pcm16 through the WASM core (G.711 decode, polyphase resampler).
import {
  type Core,
  type CoreSource,
  loadCore,
  type Resampler,
  SAMPLE_RATES,
  type SampleRate,
} from "../../core/index.ts";
import type { SoftphoneCodec } from "./codecs.ts";
import { invalidArgument, SoftphoneError, SoftphoneErrorCode } from "./errors.ts";

/** Rate of every decoder's output. */
export const PLAYOUT_RATE = 48_000;

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
  readonly channels: number;
  readonly wasm?: CoreSource;
  readonly onSamples: SamplesHandler;
  readonly onError: (error: SoftphoneError) => void;
}

/** A decoder for `o.codec`; Opus needs WebCodecs, the others load the WASM core. */
export async function createDecoder(o: DecoderOptions): Promise<FrameDecoder> {
  if (o.codec === "opus") return createOpusDecoder(o);
  const core = await loadCore(o.wasm);
  return new CoreDecoder(core, o);
}

function mono(data: AudioData): Float32Array {
  const frames = data.numberOfFrames;
  const out = new Float32Array(frames);
  const plane = new Float32Array(frames);
  for (let c = 0; c < data.numberOfChannels; c++) {
    data.copyTo(plane, { planeIndex: c, format: "f32-planar" });
    for (let i = 0; i < frames; i++) out[i] = (out[i] as number) + (plane[i] as number);
  }
  if (data.numberOfChannels > 1)
    for (let i = 0; i < frames; i++) out[i] = (out[i] as number) / data.numberOfChannels;
  return out;
}

async function createOpusDecoder(o: DecoderOptions): Promise<FrameDecoder> {
  if (typeof AudioDecoder !== "function") {
    throw new SoftphoneError(
      SoftphoneErrorCode.NotSupported,
      "this browser has no WebCodecs AudioDecoder: it cannot play Opus downlinks",
    );
  }
  // Opus decodes to any rate: ask for the playout rate whatever the sender's.
  const config: AudioDecoderConfig = {
    codec: "opus",
    sampleRate: PLAYOUT_RATE,
    numberOfChannels: o.channels,
  };
  const support = await AudioDecoder.isConfigSupported(config);
  if (support.supported !== true) {
    throw new SoftphoneError(
      SoftphoneErrorCode.NotSupported,
      `AudioDecoder does not support ${JSON.stringify(config)}`,
    );
  }
  const decoder = new AudioDecoder({
    output: (data) => {
      try {
        o.onSamples(mono(data));
      } finally {
        data.close();
      }
    },
    error: (e) =>
      o.onError(
        new SoftphoneError(SoftphoneErrorCode.Codec, `Opus decoder: ${e.message}`, { cause: e }),
      ),
  });
  decoder.configure(config);
  return {
    decode(tsUs, bytes) {
      if (decoder.state !== "configured") return;
      decoder.decode(new EncodedAudioChunk({ type: "key", timestamp: tsUs, data: bytes }));
    },
    close() {
      if (decoder.state !== "closed") decoder.close();
    },
  };
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
    this.o.onSamples(this.#resampler === undefined ? pcm : this.#resampler.process(pcm));
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
