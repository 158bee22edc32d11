import { malformed, WireEncodeError } from "../../errors.ts";
import {
  type KeyValuePair,
  keyValueBlockSize,
  readKeyValueBlock,
  writeKeyValueBlock,
} from "../../key-value.ts";
import type { WireReader } from "../../reader.ts";
import type { VersionProfile } from "../../version.ts";
import type { WireWriter } from "../../writer.ts";

// draft-16 §"Extension Headers": Track Extensions close SUBSCRIBE_OK, PUBLISH and FETCH_OK
// as Key-Value-Pairs running to the end of the message (no count, no length).

/** draft-16 §"Extension Headers" IANA table: the Track-scoped types. */
export const TrackExtension = {
  DELIVERY_TIMEOUT: 0x02,
  MAX_CACHE_DURATION: 0x04,
  IMMUTABLE_EXTENSIONS: 0x0b,
  DEFAULT_PUBLISHER_PRIORITY: 0x0e,
  DEFAULT_PUBLISHER_GROUP_ORDER: 0x22,
  DYNAMIC_GROUPS: 0x30,
} as const;

/** The rule a known Track Extension's value breaks, or undefined when it is valid. */
function invalidValue(pair: KeyValuePair): string | undefined {
  const v = pair.value;
  if (typeof v !== "number") return undefined;
  switch (pair.type) {
    case TrackExtension.DELIVERY_TIMEOUT:
      return v === 0 ? "DELIVERY_TIMEOUT extension must be greater than 0" : undefined;
    case TrackExtension.DEFAULT_PUBLISHER_PRIORITY:
      return v > 0xff ? `DEFAULT_PUBLISHER_PRIORITY ${v} is above 255` : undefined;
    case TrackExtension.DEFAULT_PUBLISHER_GROUP_ORDER:
      return v !== 1 && v !== 2 ? `DEFAULT_PUBLISHER_GROUP_ORDER ${v} is not 1 or 2` : undefined;
    case TrackExtension.DYNAMIC_GROUPS:
      return v > 1 ? `DYNAMIC_GROUPS ${v} is not 0 or 1` : undefined;
    default:
      return undefined;
  }
}

/** Checked and in ascending type order (draft-16 delta-encodes types); stable for repeats. */
function ordered(ext: readonly KeyValuePair[]): KeyValuePair[] {
  for (const pair of ext) {
    const bad = invalidValue(pair);
    if (bad !== undefined) throw new WireEncodeError(bad);
  }
  return [...ext].sort((a, b) => a.type - b.type);
}

export function trackExtensionsSize(ext: readonly KeyValuePair[], p: VersionProfile): number {
  return keyValueBlockSize(ordered(ext), p);
}

export function writeTrackExtensions(
  w: WireWriter,
  ext: readonly KeyValuePair[],
  p: VersionProfile,
): void {
  writeKeyValueBlock(w, ordered(ext), p);
}

/** Reads pairs until the end of `r`, which must be bounded to the message payload. */
export function readTrackExtensions(r: WireReader, p: VersionProfile): KeyValuePair[] {
  const at = r.pos;
  const ext = readKeyValueBlock(r, p);
  for (const pair of ext) {
    const bad = invalidValue(pair);
    // Each of these rules names PROTOCOL_VIOLATION (§"DELIVERY TIMEOUT" and following).
    if (bad !== undefined) throw malformed(at, bad);
  }
  return ext;
}
