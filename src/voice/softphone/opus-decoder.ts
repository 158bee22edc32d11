// Opus downlink decoding with WebCodecs' AudioDecoder, to mono float samples at
// the playout rate. Runs in the decoder worker (decoder-worker.ts); nothing
// here touches the page.
import type { FrameDecoder, SamplesHandler } from "./decoders.ts";
import { SoftphoneError, SoftphoneErrorCode } from "./errors.ts";

/** Rate of every decoder's output. */
export const PLAYOUT_RATE = 48_000;

/** Options of {@link createOpusDecoder}. */
export interface OpusDecoderOptions {
  readonly channels: number;
  readonly onSamples: SamplesHandler;
  readonly onError: (error: SoftphoneError) => void;
}

function mono(data: AudioData): Float32Array {
  const frames = data.numberOfFrames;
  const out = new Float32Array(frames);
  data.copyTo(out, { planeIndex: 0, format: "f32-planar" });
  if (data.numberOfChannels === 1) return out;
  const plane = new Float32Array(frames);
  for (let c = 1; c < data.numberOfChannels; c++) {
    data.copyTo(plane, { planeIndex: c, format: "f32-planar" });
    for (let i = 0; i < frames; i++) out[i] = (out[i] as number) + (plane[i] as number);
  }
  for (let i = 0; i < frames; i++) out[i] = (out[i] as number) / data.numberOfChannels;
  return out;
}

/** An Opus decoder whose output goes to `o.onSamples`; rejects with NOT_SUPPORTED without WebCodecs. */
export async function createOpusDecoder(o: OpusDecoderOptions): Promise<FrameDecoder> {
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
