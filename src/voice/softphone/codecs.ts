// The codecs of a softphone leg, by their track codec strings (the seed's
// opus / g711_ulaw / g711_alaw / pcm16, as WebCodecs spells them).
import { invalidArgument } from "./errors.ts";

/** Codec of a softphone uplink or downlink, as its track codec string. */
export type SoftphoneCodec = "opus" | "ulaw" | "alaw" | "pcm-s16";

const CODECS: readonly SoftphoneCodec[] = ["opus", "ulaw", "alaw", "pcm-s16"];

/** Throws INVALID_ARGUMENT unless `value` is a {@link SoftphoneCodec}. */
export function checkCodec(value: unknown, what = "codec"): SoftphoneCodec {
  if (!CODECS.includes(value as SoftphoneCodec)) {
    throw invalidArgument(`${what} must be one of ${CODECS.join(", ")}, got ${String(value)}`);
  }
  return value as SoftphoneCodec;
}

/** The usual sample rate of a codec: 48 kHz Opus, 8 kHz G.711, 16 kHz pcm16. */
export function defaultRate(codec: SoftphoneCodec): number {
  if (codec === "opus") return 48_000;
  if (codec === "pcm-s16") return 16_000;
  return 8_000;
}
