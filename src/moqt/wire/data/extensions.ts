// draft-14 §"Object Extension Header" and §"Extension Headers";
// draft-16 §"Object Extension Headers", §"Extension Headers" and §"Immutable Extensions".
//   Extensions {
//     Extension Headers Length (i),
//     Extension Headers (..),        // Key-Value-Pairs (draft-16: delta-encoded types)
//   }
// Extension values stay as decoded Key-Value-Pairs in wire order, unknown types
// included, so a relay forwards exactly what it received. Immutable Extensions
// (0x0B) stays an odd-typed pair whose bytes are the nested pair block; use
// readImmutableExtensions / immutableExtensionsPair to look inside or build one.
import { SessionErrorCode } from "../error-codes.ts";
import { malformed, WireDecodeError, WireEncodeError } from "../errors.ts";
import {
  type KeyValuePair,
  keyValueBlockSize,
  MAX_KEY_VALUE_BYTES,
  readKeyValueBlock,
  writeKeyValueBlock,
} from "../key-value.ts";
import { WireReader } from "../reader.ts";
import { profileOf, type Version, type VersionProfile } from "../version.ts";
import { checkVarint, MAX_VARINT, varintSize, WireWriter } from "../writer.ts";

/** draft-16 §"Extension Headers" IANA table; draft-14 defines 0x0B, 0x3C and 0x3E only. */
export const ExtensionHeaderType = {
  /** Track (draft-16): the publisher's delivery timeout in milliseconds, > 0. */
  DELIVERY_TIMEOUT: 0x02,
  /** Track (draft-16): milliseconds an Object may be served from a cache. */
  MAX_CACHE_DURATION: 0x04,
  /** Track and Object: nested Key-Value-Pairs that relays must not modify. */
  IMMUTABLE_EXTENSIONS: 0x0b,
  /** Track (draft-16): publisher priority 0..255 inherited by Subgroups and Datagrams. */
  DEFAULT_PUBLISHER_PRIORITY: 0x0e,
  /** Track (draft-16): 0x1 ascending or 0x2 descending. */
  DEFAULT_PUBLISHER_GROUP_ORDER: 0x22,
  /** Track (draft-16): 0 or 1. */
  DYNAMIC_GROUPS: 0x30,
  /** Object: number of prior Groups that never exist. */
  PRIOR_GROUP_ID_GAP: 0x3c,
  /** Object: number of prior Objects that never exist. */
  PRIOR_OBJECT_ID_GAP: 0x3e,
} as const;
export type ExtensionHeaderType = (typeof ExtensionHeaderType)[keyof typeof ExtensionHeaderType];

/** draft-16 §"DEFAULT PUBLISHER PRIORITY": used when the Track carries none. */
export const DEFAULT_PUBLISHER_PRIORITY = 128;

// --- the length-framed block carried by objects ---------------------------------
// Per-Object hot path: these loops follow key-value.ts but avoid per-pair string
// building and calls, since nearly every Object on an extension stream goes through them.

/** Byte length of the pairs, validating each as §"Key-Value-Pair Structure" requires. */
function blockLength(exts: readonly KeyValuePair[], delta: boolean): number {
  let n = 0;
  let prev = 0;
  for (let i = 0; i < exts.length; i++) {
    const e = exts[i]!;
    const type = e.type;
    const v = e.value;
    if (!Number.isInteger(type) || type < 0 || type > MAX_VARINT) {
      throw new WireEncodeError(`extension type ${type} is not an integer in 0..2^53-1`);
    }
    if (delta && type < prev) {
      throw new WireEncodeError(`extension types must ascend in draft-16 (${type} after ${prev})`);
    }
    n += varintSize(delta ? type - prev : type);
    if (typeof v === "number") {
      if (type % 2 !== 0)
        throw new WireEncodeError(`extension type ${type} is odd and needs bytes`);
      checkVarint(v, "extension value");
      n += varintSize(v);
    } else {
      if (type % 2 !== 1 || !(v instanceof Uint8Array)) {
        throw new WireEncodeError(`extension type ${type} is even and needs a number`);
      }
      if (v.length > MAX_KEY_VALUE_BYTES) {
        throw new WireEncodeError(`extension type ${type}: value longer than 65535 bytes`);
      }
      n += varintSize(v.length) + v.length;
    }
    prev = type;
  }
  return n;
}

/** Size of `Extension Headers Length (i)` plus the pairs; absent or empty means length 0. */
export function extensionsSize(
  exts: readonly KeyValuePair[] | undefined,
  p: VersionProfile,
): number {
  if (exts === undefined || exts.length === 0) return 1;
  const n = blockLength(exts, p.deltaKeyValueTypes);
  return varintSize(n) + n;
}

/** Byte length of pairs already validated by blockLength (the size pass). */
function validatedBlockLength(exts: readonly KeyValuePair[], delta: boolean): number {
  let n = 0;
  let prev = 0;
  for (let i = 0; i < exts.length; i++) {
    const e = exts[i]!;
    const v = e.value;
    n += varintSize(delta ? e.type - prev : e.type);
    n += typeof v === "number" ? varintSize(v) : varintSize(v.length) + v.length;
    prev = e.type;
  }
  return n;
}

/**
 * Writes what extensionsSize sized (call it first: it does the full validation;
 * this pass still refuses what would put wrong bytes on the wire).
 */
export function writeExtensions(
  w: WireWriter,
  exts: readonly KeyValuePair[] | undefined,
  p: VersionProfile,
): void {
  if (exts === undefined || exts.length === 0) {
    w.u8(0, "extension headers length");
    return;
  }
  const delta = p.deltaKeyValueTypes;
  w.varint(validatedBlockLength(exts, delta), "extension headers length");
  let prev = 0;
  for (let i = 0; i < exts.length; i++) {
    const e = exts[i]!;
    const v = e.value;
    w.varint(delta ? e.type - prev : e.type, "extension type");
    if (typeof v === "number") {
      if (e.type % 2 !== 0) throw new WireEncodeError(`extension type ${e.type} needs bytes`);
      w.varint(v, "extension value");
    } else {
      const n = v.length;
      if (e.type % 2 !== 1 || n > MAX_KEY_VALUE_BYTES) {
        throw new WireEncodeError(`extension type ${e.type}: invalid bytes value`);
      }
      w.varint(n, "extension length");
      const buf = w.buf;
      let pos = w.pos;
      if (n <= 16) for (let j = 0; j < n; j++) buf[pos++] = v[j]!;
      else {
        buf.set(v, pos);
        pos += n;
      }
      w.pos = pos;
    }
    prev = e.type;
  }
}

/**
 * Reads `Extension Headers Length (i)` and the pairs it frames; `undefined` when
 * the length is 0. A block that runs past the buffer is truncated; a pair that
 * runs past the declared length is malformed.
 */
export function readExtensions(r: WireReader, p: VersionProfile): KeyValuePair[] | undefined {
  const len = r.varint("extension headers length");
  if (len === 0) return undefined;
  const block = r.sub(len, "extension headers");
  const delta = p.deltaKeyValueTypes;
  const out: KeyValuePair[] = [];
  let prev = 0;
  try {
    while (block.pos < block.end) {
      const at = block.pos;
      const field = block.varint("extension type");
      const type = delta ? prev + field : field;
      if (type > MAX_VARINT) throw malformed(at, "extension delta type overflows");
      if (type % 2 === 0) out.push({ type, value: block.varint("extension value") });
      else {
        const lenAt = block.pos;
        const n = block.varint("extension length");
        if (n > MAX_KEY_VALUE_BYTES) {
          throw malformed(lenAt, `extension ${type}: length ${n} exceeds 65535`);
        }
        out.push({ type, value: block.bytes(n, "extension value") });
      }
      prev = type;
    }
  } catch (e) {
    if (e instanceof WireDecodeError && e.truncated) {
      throw malformed(e.offset, "extension header overruns Extension Headers Length");
    }
    throw e;
  }
  return out;
}

/** Pairs of a nested block; any failure is KEY_VALUE_FORMATTING_ERROR. */
function readNestedBlock(value: Uint8Array, p: VersionProfile, what: string): KeyValuePair[] {
  try {
    return readKeyValueBlock(new WireReader(value), p);
  } catch (e) {
    if (e instanceof WireDecodeError) {
      throw malformed(
        e.offset,
        `${what} cannot be parsed`,
        SessionErrorCode.KEY_VALUE_FORMATTING_ERROR,
      );
    }
    throw e;
  }
}

// --- typed access -------------------------------------------------------------------

/** The first pair of `type`, if any. */
export function findExtension(
  exts: readonly KeyValuePair[] | undefined,
  type: number,
): KeyValuePair | undefined {
  if (exts === undefined) return undefined;
  for (const e of exts) if (e.type === type) return e;
  return undefined;
}

/** Value of an even (integer) extension type, if present. */
export function intExtension(
  exts: readonly KeyValuePair[] | undefined,
  type: number,
): number | undefined {
  const e = findExtension(exts, type);
  return e !== undefined && typeof e.value === "number" ? e.value : undefined;
}

/** Value of an odd (bytes) extension type, if present. */
export function bytesExtension(
  exts: readonly KeyValuePair[] | undefined,
  type: number,
): Uint8Array | undefined {
  const e = findExtension(exts, type);
  return e !== undefined && e.value instanceof Uint8Array ? e.value : undefined;
}

/**
 * A copy of `exts` with every pair of `pair.type` replaced by `pair`, kept in
 * ascending type order (draft-16 delta-encodes types, so they must ascend; draft-14
 * accepts any order and this order is as good as any).
 */
export function withExtension(
  exts: readonly KeyValuePair[] | undefined,
  pair: KeyValuePair,
): KeyValuePair[] {
  const out: KeyValuePair[] = [];
  let placed = false;
  for (const e of exts ?? []) {
    if (e.type === pair.type) continue;
    if (!placed && e.type > pair.type) {
      out.push(pair);
      placed = true;
    }
    out.push(e);
  }
  if (!placed) out.push(pair);
  return out;
}

/** A copy of `exts` without pairs of `type`. */
export function withoutExtension(
  exts: readonly KeyValuePair[] | undefined,
  type: number,
): KeyValuePair[] {
  return (exts ?? []).filter((e) => e.type !== type);
}

/** §"Prior Group ID Gap" (0x3C). */
export function priorGroupIdGap(exts: readonly KeyValuePair[] | undefined): number | undefined {
  return intExtension(exts, ExtensionHeaderType.PRIOR_GROUP_ID_GAP);
}

/** §"Prior Object ID Gap" (0x3E). */
export function priorObjectIdGap(exts: readonly KeyValuePair[] | undefined): number | undefined {
  return intExtension(exts, ExtensionHeaderType.PRIOR_OBJECT_ID_GAP);
}

// --- Immutable Extensions ------------------------------------------------------------

/**
 * §"Immutable Extensions": builds the 0x0B pair whose value is `pairs` serialized
 * as a Key-Value-Pair block. Nesting another 0x0B is refused.
 */
export function immutableExtensionsPair(
  pairs: readonly KeyValuePair[],
  version: Version,
): KeyValuePair {
  const p = profileOf(version);
  for (const pair of pairs) {
    if (pair.type === ExtensionHeaderType.IMMUTABLE_EXTENSIONS) {
      throw new WireEncodeError("Immutable Extensions cannot contain Immutable Extensions");
    }
  }
  const w = new WireWriter(keyValueBlockSize(pairs, p));
  writeKeyValueBlock(w, pairs, p);
  return {
    type: ExtensionHeaderType.IMMUTABLE_EXTENSIONS,
    value: w.finish("immutable extensions"),
  };
}

/**
 * The pairs inside Immutable Extensions, or `undefined` when absent. A block that
 * cannot be parsed or nests 0x0B makes the Track malformed (§"Immutable Extensions");
 * that is reported as a WireDecodeError with KEY_VALUE_FORMATTING_ERROR, offsets
 * relative to the extension value, for the caller to handle as a malformed Track.
 */
export function readImmutableExtensions(
  exts: readonly KeyValuePair[] | undefined,
  version: Version,
): KeyValuePair[] | undefined {
  const value = bytesExtension(exts, ExtensionHeaderType.IMMUTABLE_EXTENSIONS);
  if (value === undefined) return undefined;
  const p = profileOf(version);
  const pairs = readNestedBlock(value, p, "Immutable Extensions");
  for (const pair of pairs) {
    if (pair.type === ExtensionHeaderType.IMMUTABLE_EXTENSIONS) {
      throw malformed(
        0,
        "Immutable Extensions contains Immutable Extensions",
        SessionErrorCode.KEY_VALUE_FORMATTING_ERROR,
      );
    }
  }
  return pairs;
}

/**
 * Malformed-Track conditions of an Object's extensions (§"Immutable Extensions",
 * §"Prior Group ID Gap", §"Prior Object ID Gap") that one Object reveals on its own:
 * a repeated 0x3C / 0x3E (or 0x0B in draft-16), an unparsable or nested Immutable Extensions,
 * a gap larger than the Group or Object ID. Returns the reason, or `undefined`.
 * These make the Track malformed rather than the session, so the decoders do not throw.
 */
export function objectExtensionsProblem(
  exts: readonly KeyValuePair[] | undefined,
  groupId: number,
  objectId: number,
  version: Version,
): string | undefined {
  if (exts === undefined) return undefined;
  let immutable = 0;
  let groupGap = 0;
  let objectGap = 0;
  for (const e of exts) {
    if (e.type === ExtensionHeaderType.IMMUTABLE_EXTENSIONS) immutable++;
    else if (e.type === ExtensionHeaderType.PRIOR_GROUP_ID_GAP) {
      groupGap++;
      if (typeof e.value === "number" && e.value > groupId) {
        return `Prior Group ID Gap ${e.value} is larger than Group ID ${groupId}`;
      }
    } else if (e.type === ExtensionHeaderType.PRIOR_OBJECT_ID_GAP) {
      objectGap++;
      if (typeof e.value === "number" && e.value > objectId) {
        return `Prior Object ID Gap ${e.value} is larger than Object ID ${objectId}`;
      }
    }
  }
  // draft-16 §"Immutable Extensions" adds the one-instance rule; draft-14 has none.
  if (immutable > 1 && profileOf(version).draft === 16) return "more than one Immutable Extensions";
  if (groupGap > 1) return "more than one Prior Group ID Gap";
  if (objectGap > 1) return "more than one Prior Object ID Gap";
  try {
    readImmutableExtensions(exts, version);
  } catch (e) {
    if (e instanceof WireDecodeError) return e.message;
    throw e;
  }
  return undefined;
}
