// Argument checks at the call site: each throws a MoqtClientError naming the problem.
import { invalidArgument, MoqtClientError, MoqtClientErrorCode } from "./errors.ts";

const ENCODER = new TextEncoder();

/** A MoQT priority number: an integer 0 (most urgent) ..255. */
export function checkPriority(value: unknown, what = "priority"): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 255) {
    throw invalidArgument(`${what} must be an integer in 0..255, got ${String(value)}`);
  }
  return value;
}

/** A timestamp in microseconds: finite and ≥ 0; fractions are truncated. */
export function checkTimestampUs(value: unknown, what = "tsUs"): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(
      `${what} must be a finite number ≥ 0 (microseconds), got ${String(value)}`,
    );
  }
  const us = Math.floor(value);
  if (!Number.isSafeInteger(us)) throw invalidArgument(`${what} ${value} is too large`);
  return us;
}

/** An object payload: a Uint8Array of at most `maxBytes`. */
export function checkPayload(value: unknown, maxBytes: number, what = "object"): Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalidArgument(`${what} payload must be a Uint8Array`);
  if (value.length > maxBytes) {
    throw new MoqtClientError(
      MoqtClientErrorCode.OBJECT_TOO_LARGE,
      `${what} is ${value.length} bytes, larger than the limit of ${maxBytes}`,
    );
  }
  return value;
}

/** A non-empty string of at most `maxBytes` UTF-8 bytes, returned as bytes. */
export function checkLabel(value: unknown, what: string, maxBytes: number): Uint8Array {
  if (typeof value !== "string" || value.length === 0) {
    throw invalidArgument(`${what} must be a non-empty string`);
  }
  const bytes = ENCODER.encode(checkWellFormed(value, what));
  if (bytes.length > maxBytes) {
    throw invalidArgument(`${what} is ${bytes.length} bytes of UTF-8 (at most ${maxBytes})`);
  }
  return bytes;
}

/** A positive finite number. */
export function checkPositive(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw invalidArgument(`${what} must be a positive number, got ${String(value)}`);
  }
  return value;
}

/** A positive integer. */
export function checkPositiveInteger(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw invalidArgument(`${what} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** A finite number ≥ 0, else INVALID_ARGUMENT naming `what`. */
export function checkNonNegative(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(`${what} must be a finite number ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** A lone UTF-16 surrogate: it has no UTF-8 form (it would encode as U+FFFD). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * `value` when it is well-formed UTF-16, else INVALID_ARGUMENT: two names that
 * differ only in lone surrogates would encode to the same bytes and collide.
 */
export function checkWellFormed(value: string, what: string): string {
  const at = value.search(LONE_SURROGATE);
  if (at >= 0) {
    const unit = value.charCodeAt(at).toString(16);
    throw invalidArgument(
      `${what} has a lone surrogate (\\u${unit} at index ${at}); it is not valid UTF-16`,
    );
  }
  return value;
}
