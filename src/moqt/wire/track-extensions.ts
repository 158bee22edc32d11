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
import type { WireWriter } from "./writer.ts";

/** Why a known Track Extension's value is out of range, or undefined when it is fine. */
function problem(pair: KeyValuePair): string | undefined {
  const v = pair.value;
  if (typeof v !== "number") return undefined;
  switch (pair.type) {
    case ExtensionHeaderType.DELIVERY_TIMEOUT:
      return v === 0 ? "DELIVERY_TIMEOUT extension must be greater than 0" : undefined;
    case ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY:
      return v > 255 ? `DEFAULT_PUBLISHER_PRIORITY ${v} is above 255` : undefined;
    case ExtensionHeaderType.DEFAULT_PUBLISHER_GROUP_ORDER:
      return v !== 1 && v !== 2 ? `DEFAULT_PUBLISHER_GROUP_ORDER ${v} is not 1 or 2` : undefined;
    case ExtensionHeaderType.DYNAMIC_GROUPS:
      return v > 1 ? `DYNAMIC_GROUPS ${v} is not 0 or 1` : undefined;
    default:
      return undefined;
  }
}

/** Ascending by type (draft-16 delta-encodes types); stable for repeated types. */
function ordered(exts: readonly KeyValuePair[]): KeyValuePair[] {
  for (const e of exts) {
    const why = problem(e);
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
    const why = problem(e);
    if (why !== undefined) throw malformed(at, why);
  }
  return exts;
}
