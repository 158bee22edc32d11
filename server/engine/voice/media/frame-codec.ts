// Decoders and encoders of one frame in each bridge codec, to and from float
// samples in [-1, 1): G.711 through the WASM core, Opus through libopus-in-WASM,
// pcm16 as little-endian bytes.
import type { Core } from "../../../../src/core/core.ts";
import { type AudioFormat, frameSamples } from "../../../../src/voice/bridge/format.ts";
import { OpusDecoder, OpusEncoder, type OpusRate } from "./opus.ts";

/** Turns one received frame into float samples at the format's rate. */
export interface FrameDecoder {
  decode(frame: Uint8Array): Float32Array;
  free(): void;
}

/** Turns exactly one frame of float samples into the format's bytes. */
export interface FrameEncoder {
  encode(samples: Float32Array): Uint8Array;
  free(): void;
}

const S16_SCALE = 32768;

/** Float in [-1, 1) to 16-bit PCM, rounded and saturated. */
export function toS16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round((samples[i] ?? 0) * S16_SCALE);
    out[i] = Math.min(32767, Math.max(-32768, v));
  }
  return out;
}

/** 16-bit PCM to float in [-1, 1). */
export function fromS16(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = (pcm[i] ?? 0) / S16_SCALE;
  return out;
}

function lawOf(format: AudioFormat): "mulaw" | "alaw" {
  return format.codec === "g711_ulaw" ? "mulaw" : "alaw";
}

/** A decoder for frames of `format`. */
export function createFrameDecoder(core: Core, format: AudioFormat): FrameDecoder {
  switch (format.codec) {
    case "pcm16":
      return {
        decode: (frame) =>
          fromS16(new Int16Array(frame.slice().buffer, 0, Math.floor(frame.length / 2))),
        free: () => {},
      };
    case "opus": {
      const opus = new OpusDecoder(format.sampleRate as OpusRate);
      return { decode: (frame) => fromS16(opus.decode(frame)), free: () => opus.free() };
    }
    default: {
      const g711 = core.createG711Codec({ law: lawOf(format), frameSamples: frameSamples(format) });
      return { decode: (frame) => fromS16(g711.decode(frame)), free: () => g711.free() };
    }
  }
}

/** An encoder of frames of `format`. */
export function createFrameEncoder(core: Core, format: AudioFormat): FrameEncoder {
  switch (format.codec) {
    case "pcm16":
      return { encode: (samples) => new Uint8Array(toS16(samples).buffer), free: () => {} };
    case "opus": {
      const opus = new OpusEncoder(format.sampleRate as OpusRate, frameSamples(format));
      return { encode: (samples) => opus.encode(toS16(samples)), free: () => opus.free() };
    }
    default: {
      const g711 = core.createG711Codec({ law: lawOf(format), frameSamples: frameSamples(format) });
      return { encode: (samples) => g711.encode(toS16(samples)), free: () => g711.free() };
    }
  }
}
