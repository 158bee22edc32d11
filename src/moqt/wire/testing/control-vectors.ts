// Assertions the control-message tests share: hand-written vectors in both directions,
// refused decodes and encodes, and the per-draft property round trip. Vitest only: the
// browser round trip (control-roundtrip.ts) does without these.
import fc from "fast-check";
import { expect, it } from "vitest";
import { type ControlMessage, decodeControl, encodeControl } from "../control.ts";
import { SessionErrorCode } from "../error-codes.ts";
import { WireDecodeError } from "../errors.ts";
import { Version } from "../version.ts";
import { toHex } from "./hex.ts";

/** encode(msg) is exactly `bytes`. */
export function expectEncodes(msg: ControlMessage, bytes: Uint8Array, version: Version): void {
  expect(toHex(encodeControl(msg, version))).toBe(toHex(bytes));
}

/** decode(bytes) is exactly `msg`, having read all of `bytes`. */
export function expectDecodes(msg: ControlMessage, bytes: Uint8Array, version: Version): void {
  expect(decodeControl(bytes, version)).toStrictEqual([msg, bytes.length]);
}

/** A hand-written vector: encode(msg) equals `bytes` and decode(bytes) equals `msg`. */
export function expectVector(msg: ControlMessage, bytes: Uint8Array, version: Version): void {
  expectEncodes(msg, bytes, version);
  expectDecodes(msg, bytes, version);
}

/** The WireDecodeError decode(bytes) throws; fails the test if it throws nothing or another error. */
export function decodeError(bytes: Uint8Array, version: Version): WireDecodeError {
  try {
    decodeControl(bytes, version);
  } catch (e) {
    if (e instanceof WireDecodeError) return e;
    throw e;
  }
  throw new Error("decoded without error");
}

function expectRefused(
  bytes: Uint8Array,
  version: Version,
  detail: RegExp,
  termination: number,
): WireDecodeError {
  const e = decodeError(bytes, version);
  expect(e.failure).toBe("malformed");
  expect(e.termination).toBe(termination);
  expect(e.message).toMatch(detail);
  return e;
}

/**
 * decode(bytes) refuses a field: malformed, closing with `termination`, for a reason
 * matching `detail`. The vector's Length is right, so this is not a framing error.
 */
export function expectMalformed(
  bytes: Uint8Array,
  version: Version,
  detail: RegExp,
  termination: number = SessionErrorCode.PROTOCOL_VIOLATION,
): WireDecodeError {
  const e = expectRefused(bytes, version, detail, termination);
  expect(e.message).not.toMatch(/payload shorter|left after/);
  return e;
}

/** decode(bytes) refuses the framing: the Length disagrees with the fields (PROTOCOL_VIOLATION). */
export function expectFramingError(
  bytes: Uint8Array,
  version: Version,
  detail: RegExp,
): WireDecodeError {
  const e = expectRefused(bytes, version, detail, SessionErrorCode.PROTOCOL_VIOLATION);
  expect(e.message).toMatch(/payload shorter|left after/);
  return e;
}

/** encode(msg) throws: the message does not exist in `version`'s draft. */
export function expectNotInDraft(msg: ControlMessage, version: Version): void {
  const draft = version === Version.DRAFT_14 ? 14 : 16;
  expect(() => encodeControl(msg, version)).toThrow(`does not exist in draft-${draft}`);
}

/** For each draft, a property test over `arbitraries`: decode(encode(m)) is exactly m. */
export function itRoundTrips(
  arbitraries: Readonly<Record<14 | 16, readonly fc.Arbitrary<ControlMessage>[]>>,
  numRuns: number,
): void {
  for (const [draft, version] of [
    [14, Version.DRAFT_14],
    [16, Version.DRAFT_16],
  ] as const) {
    it(`draft-${draft}: decode(encode(m)) equals m`, () => {
      fc.assert(
        fc.property(fc.oneof(...arbitraries[draft]), (m) => {
          const bytes = encodeControl(m, version);
          expect(decodeControl(bytes, version)).toStrictEqual([m, bytes.length]);
        }),
        { numRuns },
      );
    });
  }
}
