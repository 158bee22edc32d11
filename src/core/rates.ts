import { CoreError, CoreErrorCode } from "./errors.ts";

/** Sample rates the resampler, AGC and echo canceller accept, in hertz. */
export const SAMPLE_RATES = [8000, 16000, 24000, 32000, 44100, 48000] as const;

/** One of {@link SAMPLE_RATES}. */
export type SampleRate = (typeof SAMPLE_RATES)[number];

/** Throws `CORE_UNSUPPORTED_RATE` unless `rate` is one of {@link SAMPLE_RATES}. */
export function checkRate(rate: number, what: string): SampleRate {
  if (!(SAMPLE_RATES as readonly number[]).includes(rate)) {
    throw new CoreError(
      CoreErrorCode.UnsupportedRate,
      `${what} ${rate} Hz is not one of ${SAMPLE_RATES.join(", ")}`,
    );
  }
  return rate as SampleRate;
}

/** Samples in `ms` milliseconds at `rate`, rounded up. */
export function samplesIn(ms: number, rate: number): number {
  return Math.ceil((ms * rate) / 1000);
}
