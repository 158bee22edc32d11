import { SessionErrorCode } from "./error-codes.ts";
import { malformed, WireEncodeError } from "./errors.ts";
import type { WireReader } from "./reader.ts";
import type { VersionProfile } from "./version.ts";
import { checkVarint, varintSize, type WireWriter } from "./writer.ts";

/**
 * One Key-Value-Pair (draft-14/16 §"Key-Value-Pair Structure"). An even type
 * carries a varint value, an odd type carries bytes.
 */
export type KeyValuePair =
  | { readonly type: number; readonly value: number }
  | { readonly type: number; readonly value: Uint8Array };

/** §"Key-Value-Pair Structure": the maximum length of a value is 2^16-1 bytes. */
export const MAX_KEY_VALUE_BYTES = 0xffff;

export function isOddType(type: number): boolean {
  return type % 2 === 1;
}

function checkPair(pair: KeyValuePair, prevType: number, p: VersionProfile): void {
  checkVarint(pair.type, "key-value type");
  if (p.deltaKeyValueTypes && pair.type < prevType) {
    throw new WireEncodeError(
      `key-value types must ascend in draft-${p.draft} (type ${pair.type} after ${prevType})`,
    );
  }
  const odd = isOddType(pair.type);
  if (odd !== pair.value instanceof Uint8Array) {
    throw new WireEncodeError(
      `key-value type ${pair.type} is ${odd ? "odd and needs bytes" : "even and needs a number"}`,
    );
  }
  if (pair.value instanceof Uint8Array && pair.value.length > MAX_KEY_VALUE_BYTES) {
    throw new WireEncodeError(`key-value type ${pair.type}: value longer than 65535 bytes`);
  }
}

function pairSize(pair: KeyValuePair, prevType: number, p: VersionProfile): number {
  checkPair(pair, prevType, p);
  const typeField = p.deltaKeyValueTypes ? pair.type - prevType : pair.type;
  const v = pair.value;
  return (
    varintSize(typeField) +
    (typeof v === "number" ? varintSize(v) : varintSize(v.length) + v.length)
  );
}

function writePair(w: WireWriter, pair: KeyValuePair, prevType: number, p: VersionProfile): void {
  // §"Key-Value-Pair Structure": Type (draft-16: Delta Type), [Length], Value.
  w.varint(p.deltaKeyValueTypes ? pair.type - prevType : pair.type, "key-value type");
  const v = pair.value;
  if (typeof v === "number") w.varint(v, "key-value value");
  else w.lengthPrefixed(v, "key-value value");
}

function readPair(r: WireReader, prevType: number, p: VersionProfile): KeyValuePair {
  const at = r.pos;
  const field = r.varint("key-value type");
  const type = p.deltaKeyValueTypes ? prevType + field : field;
  if (type > Number.MAX_SAFE_INTEGER) throw malformed(at, "key-value delta type overflows");
  if (!isOddType(type)) return { type, value: r.varint("key-value value") };
  return { type, value: r.lengthPrefixed("key-value value", MAX_KEY_VALUE_BYTES) };
}

/** Size of `Number of Parameters (i)` followed by the pairs. */
export function keyValueListSize(pairs: readonly KeyValuePair[], p: VersionProfile): number {
  let n = varintSize(pairs.length);
  let prev = 0;
  for (const pair of pairs) {
    n += pairSize(pair, prev, p);
    prev = pair.type;
  }
  return n;
}

export function writeKeyValueList(
  w: WireWriter,
  pairs: readonly KeyValuePair[],
  p: VersionProfile,
): void {
  w.varint(pairs.length, "number of parameters");
  let prev = 0;
  for (const pair of pairs) {
    writePair(w, pair, prev, p);
    prev = pair.type;
  }
}

export function readKeyValueList(r: WireReader, p: VersionProfile): KeyValuePair[] {
  const count = r.varint("number of parameters");
  const out: KeyValuePair[] = [];
  let prev = 0;
  for (let i = 0; i < count; i++) {
    const pair = readPair(r, prev, p);
    out.push(pair);
    prev = pair.type;
  }
  return out;
}

/** Size of the pairs alone (for blocks framed by a byte length, like extension headers). */
export function keyValueBlockSize(pairs: readonly KeyValuePair[], p: VersionProfile): number {
  let n = 0;
  let prev = 0;
  for (const pair of pairs) {
    n += pairSize(pair, prev, p);
    prev = pair.type;
  }
  return n;
}

export function writeKeyValueBlock(
  w: WireWriter,
  pairs: readonly KeyValuePair[],
  p: VersionProfile,
): void {
  let prev = 0;
  for (const pair of pairs) {
    writePair(w, pair, prev, p);
    prev = pair.type;
  }
}

/** Reads pairs until `r` (bounded to the block) is exhausted. */
export function readKeyValueBlock(r: WireReader, p: VersionProfile): KeyValuePair[] {
  const out: KeyValuePair[] = [];
  let prev = 0;
  while (!r.atEnd()) {
    const pair = readPair(r, prev, p);
    out.push(pair);
    prev = pair.type;
  }
  return out;
}

/** Throws KEY_VALUE_FORMATTING_ERROR when a known type carries an ill-formed value. */
export function keyValueFormattingError(offset: number, detail: string) {
  return malformed(offset, detail, SessionErrorCode.KEY_VALUE_FORMATTING_ERROR);
}
