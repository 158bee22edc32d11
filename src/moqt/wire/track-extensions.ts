// draft-16 §"Extension Headers": Track Extensions, a sequence of Key-Value-Pairs that
// runs to the end of the message (SUBSCRIBE_OK, PUBLISH, FETCH_OK). Unknown types are
// kept as they are; relays forward them.

import { ExtensionHeaderType } from "./data/extensions.ts";
import { malformed, WireEncodeError } from "./errors.ts";
import {
  type KeyValuePair,
  keyValueBlockSize,
  readKeyValueBlock,
  writeKeyValueBlock,
} from "./key-value.ts";
import type { WireReader } from "./reader.ts";
import type { VersionProfile } from "./version.ts";
import { MAX_VARINT, type WireWriter } from "./writer.ts";

/** Value ranges of the Track Extensions this codec knows (draft-16 §"Extension Headers"). */
export const TRACK_EXTENSION_RANGES: ReadonlyMap<
  number,
  { readonly name: string; readonly min: number; readonly max: number }
> = new Map([
  [ExtensionHeaderType.DELIVERY_TIMEOUT, { name: "DELIVERY_TIMEOUT", min: 1, max: MAX_VARINT }],
  [ExtensionHeaderType.MAX_CACHE_DURATION, { name: "MAX_CACHE_DURATION", min: 0, max: MAX_VARINT }],
  [
    ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY,
    { name: "DEFAULT_PUBLISHER_PRIORITY", min: 0, max: 255 },
  ],
  [
    ExtensionHeaderType.DEFAULT_PUBLISHER_GROUP_ORDER,
    { name: "DEFAULT_PUBLISHER_GROUP_ORDER", min: 1, max: 2 },
  ],
  [ExtensionHeaderType.DYNAMIC_GROUPS, { name: "DYNAMIC_GROUPS", min: 0, max: 1 }],
]);

/** Why a known Track Extension's value is out of range, or undefined when it is fine. */
export function trackExtensionProblem(
  type: number,
  value: number | Uint8Array,
): string | undefined {
  const range = TRACK_EXTENSION_RANGES.get(type);
  if (range === undefined || typeof value !== "number") return undefined;
  if (value >= range.min && value <= range.max) return undefined;
  return range.max === MAX_VARINT
    ? `${range.name} must be greater than ${range.min - 1}, got ${value}`
    : `${range.name} ${value} is outside ${range.min}..${range.max}`;
}

/** Ascending by type (draft-16 delta-encodes types); stable for repeated types. */
function ordered(exts: readonly KeyValuePair[]): KeyValuePair[] {
  for (const e of exts) {
    const why = trackExtensionProblem(e.type, e.value);
    if (why !== undefined) throw new WireEncodeError(why);
  }
  return [...exts].sort((a, b) => a.type - b.type);
}

export function trackExtensionsSize(exts: readonly KeyValuePair[], p: VersionProfile): number {
  return keyValueBlockSize(ordered(exts), p);
}

export function writeTrackExtensions(
  w: WireWriter,
  exts: readonly KeyValuePair[],
  p: VersionProfile,
): void {
  writeKeyValueBlock(w, ordered(exts), p);
}

/** Reads pairs to the end of `r` (the message payload); known values out of range are a PROTOCOL_VIOLATION. */
export function readTrackExtensions(r: WireReader, p: VersionProfile): KeyValuePair[] {
  const at = r.pos;
  const exts = readKeyValueBlock(r, p);
  for (const e of exts) {
    const why = trackExtensionProblem(e.type, e.value);
    if (why !== undefined) throw malformed(at, why);
  }
  return exts;
}
