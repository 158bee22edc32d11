// The capability of a track ("asr", "ros.telemetry", "media.broadcast"): an open
// routing intent carried on the wire so that any standard relay passes it through.
// See README.md "Capability on the wire" for the reasoning against both drafts.
import {
  bytesExtension,
  readImmutableExtensions,
  withExtension,
} from "../../../src/moqt/wire/data/index.ts";
import { WireDecodeError } from "../../../src/moqt/wire/errors.ts";
import type { KeyValuePair, Version } from "../../../src/moqt/wire/index.ts";

/**
 * Extension Header type carrying the capability as UTF-8 bytes. draft-14/16
 * §"IANA Considerations" reserve 16384 and above for first-come-first-served
 * use, and an odd type carries bytes (§"Key-Value-Pair Structure").
 * draft-16: a Track Extension (PUBLISH, SUBSCRIBE_OK, FETCH_OK).
 * draft-14: an Object Extension Header on the first Object of every Group.
 */
export const CAPABILITY_EXTENSION = 0x4343;

/** Longest capability accepted, in UTF-8 bytes. */
export const MAX_CAPABILITY_BYTES = 256;

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder("utf-8", { fatal: true });

/** The extension pair announcing `capability`. Throws RangeError for an empty or over-long one. */
export function capabilityPair(capability: string): KeyValuePair {
  const value = ENCODER.encode(capability);
  if (value.length === 0 || value.length > MAX_CAPABILITY_BYTES) {
    throw new RangeError(`capability must be 1..${MAX_CAPABILITY_BYTES} bytes of UTF-8`);
  }
  return { type: CAPABILITY_EXTENSION, value };
}

/** The last capability decoded and its bytes: a track repeats it on every Group. */
let last: { bytes: Uint8Array; text: string } | undefined;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function decode(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined || bytes.length === 0 || bytes.length > MAX_CAPABILITY_BYTES) {
    return undefined;
  }
  if (last !== undefined && sameBytes(bytes, last.bytes)) return last.text;
  try {
    const text = DECODER.decode(bytes);
    last = { bytes: bytes.slice(), text };
    return text;
  } catch {
    return undefined;
  }
}

/**
 * The capability in a list of extensions (Track or Object), looking inside
 * Immutable Extensions too; undefined when absent or not valid UTF-8.
 */
export function capabilityOf(
  exts: readonly KeyValuePair[] | undefined,
  version: Version,
): string | undefined {
  const direct = decode(bytesExtension(exts, CAPABILITY_EXTENSION));
  if (direct !== undefined) return direct;
  try {
    return decode(bytesExtension(readImmutableExtensions(exts, version), CAPABILITY_EXTENSION));
  } catch (e) {
    if (e instanceof WireDecodeError) return undefined;
    throw e;
  }
}

/** `exts` with the capability set (kept in ascending type order). */
export function withCapability(
  exts: readonly KeyValuePair[] | undefined,
  capability: string,
): KeyValuePair[] {
  return withExtension(exts, capabilityPair(capability));
}
