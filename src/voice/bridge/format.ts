// The audio shape of a bridge (seed 004 "Codecs"): codec, sample rate, channels
// and frame duration, checked once; every other part reads the resolved shape.
import { VoiceError, VoiceErrorCode } from "../errors.ts";

/** Codecs a bridge speaks (seed 004 "Codecs"). */
export const VOICE_CODECS = ["opus", "pcm16", "g711_ulaw", "g711_alaw"] as const;
/** One of {@link VOICE_CODECS}. */
export type VoiceCodec = (typeof VOICE_CODECS)[number];

/** Sample rates each codec accepts, in hertz. */
export const CODEC_SAMPLE_RATES: Readonly<Record<VoiceCodec, readonly number[]>> = {
  opus: [8000, 16000, 24000, 48000],
  pcm16: [8000, 16000, 24000, 32000, 44100, 48000],
  g711_ulaw: [8000],
  g711_alaw: [8000],
};

/** Frame durations a bridge accepts, in milliseconds (Opus's frame sizes from 10 ms). */
export const FRAME_DURATIONS_MS = [10, 20, 40, 60] as const;

/** The WebCodecs codec string each codec travels under (track property CODEC). */
export const WEBCODECS_CODEC: Readonly<Record<VoiceCodec, string>> = {
  opus: "opus",
  pcm16: "pcm-s16",
  g711_ulaw: "ulaw",
  g711_alaw: "alaw",
};

/** Largest Opus packet: RFC 6716 §3.4 (1275 bytes per frame, up to 3 frames of 20 ms in 60 ms). */
export const MAX_OPUS_PACKET_BYTES = 3828;

/** The audio shape requested from `attach` / `attachCaller`. */
export interface AudioFormatOptions {
  /** Default "opus". */
  readonly codec?: VoiceCodec;
  /** Hertz; default 48000 (8000 for the G.711 codecs, their only rate). */
  readonly sampleRate?: number;
  /** Default 1; only mono is supported. */
  readonly channels?: number;
  /** Duration of one frame in milliseconds: 10, 20 (default), 40 or 60. */
  readonly frameMs?: number;
}

/** A checked audio shape. */
export interface AudioFormat {
  readonly codec: VoiceCodec;
  readonly sampleRate: number;
  readonly channels: 1;
  readonly frameMs: number;
}

function unsupported(message: string): VoiceError {
  return new VoiceError(VoiceErrorCode.UNSUPPORTED_FORMAT, message);
}

/** True when `codec` is one of {@link VOICE_CODECS}. */
export function isVoiceCodec(codec: unknown): codec is VoiceCodec {
  return (VOICE_CODECS as readonly unknown[]).includes(codec);
}

/**
 * Applies the defaults and checks the combination; throws `VOICE_UNSUPPORTED_CODEC`
 * or `VOICE_UNSUPPORTED_FORMAT` naming what to change.
 */
export function resolveFormat(o: AudioFormatOptions = {}): AudioFormat {
  const codec = o.codec ?? "opus";
  if (!isVoiceCodec(codec)) {
    throw new VoiceError(
      VoiceErrorCode.UNSUPPORTED_CODEC,
      `codec ${JSON.stringify(codec)} is not one of ${VOICE_CODECS.join(", ")}`,
    );
  }
  const rates = CODEC_SAMPLE_RATES[codec];
  const sampleRate = o.sampleRate ?? (codec.startsWith("g711") ? 8000 : 48000);
  if (!rates.includes(sampleRate)) {
    throw unsupported(
      `sampleRate ${sampleRate} is not supported by ${codec}: use ${rates.join(", ")}`,
    );
  }
  const channels = o.channels ?? 1;
  if (channels !== 1)
    throw unsupported(`channels ${channels} is not supported: bridges are mono (1)`);
  const frameMs = o.frameMs ?? 20;
  if (!(FRAME_DURATIONS_MS as readonly number[]).includes(frameMs)) {
    throw unsupported(`frameMs ${frameMs} is not one of ${FRAME_DURATIONS_MS.join(", ")}`);
  }
  return { codec, sampleRate, channels, frameMs };
}

/** Samples in one frame of `format`. */
export function frameSamples(format: AudioFormat): number {
  return (format.sampleRate * format.frameMs) / 1000;
}

/** Bytes of one frame for the fixed-size codecs (pcm16: 2 per sample, G.711: 1); undefined for Opus. */
export function frameBytes(format: AudioFormat): number | undefined {
  if (format.codec === "opus") return undefined;
  return frameSamples(format) * (format.codec === "pcm16" ? 2 : 1);
}

/**
 * Throws `VOICE_WRONG_FRAME_SIZE` unless `frame` is one frame of `format`: exactly
 * {@link frameBytes} for pcm16 and G.711, a non-empty packet of at most
 * {@link MAX_OPUS_PACKET_BYTES} for Opus.
 */
export function checkFrame(format: AudioFormat, frame: unknown): Uint8Array {
  if (!(frame instanceof Uint8Array)) {
    throw new VoiceError(VoiceErrorCode.INVALID_ARGUMENT, "a frame must be a Uint8Array");
  }
  const expected = frameBytes(format);
  if (expected === undefined) {
    if (frame.length === 0 || frame.length > MAX_OPUS_PACKET_BYTES) {
      throw new VoiceError(
        VoiceErrorCode.WRONG_FRAME_SIZE,
        `an Opus frame must be 1..${MAX_OPUS_PACKET_BYTES} bytes (got ${frame.length})`,
      );
    }
  } else if (frame.length !== expected) {
    throw new VoiceError(
      VoiceErrorCode.WRONG_FRAME_SIZE,
      `a ${format.frameMs} ms ${format.codec} frame at ${format.sampleRate} Hz is ${expected} bytes (got ${frame.length})`,
    );
  }
  return frame;
}

/** The capability tag of a call track in `codec` (seed 004 "Wire model"). */
export function capabilityOf(codec: VoiceCodec): string {
  return `voice/${codec}`;
}
