import { CoreError, CoreErrorCode } from "./errors.ts";

/** Throws `CORE_INVALID_ARGUMENT` unless `n` is an integer in [min, max]. */
export function checkInteger(n: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new CoreError(
      CoreErrorCode.InvalidArgument,
      `${what} must be an integer in [${min}, ${max}], got ${n}`,
    );
  }
  return n;
}

/** Throws `CORE_INVALID_ARGUMENT` unless `x` is a finite number in [min, max]. */
export function checkNumber(x: number, min: number, max: number, what: string): number {
  if (!Number.isFinite(x) || x < min || x > max) {
    throw new CoreError(
      CoreErrorCode.InvalidArgument,
      `${what} must be in [${min}, ${max}], got ${x}`,
    );
  }
  return x;
}

/** Throws `CORE_FRAME_TOO_LONG` (or invalid) unless 0 <= samples <= capacity. */
export function checkFrame(samples: number, capacity: number, what: string): number {
  if (!Number.isInteger(samples) || samples < 0) {
    throw new CoreError(
      CoreErrorCode.InvalidArgument,
      `${what}: sample count ${samples} is not a count`,
    );
  }
  if (samples > capacity) {
    throw new CoreError(
      CoreErrorCode.FrameTooLong,
      `${what}: ${samples} samples exceed the ${capacity}-sample heap buffer`,
    );
  }
  return samples;
}
