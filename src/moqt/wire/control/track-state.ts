// draft-14 fixed fields that describe a track's state:
//   §"SUBSCRIBE_OK" (and §"TRACK_STATUS_OK", whose format is identical) after the Track
//   Alias: Expires (i), Group Order (8), Content Exists (8), [Largest Location (Location)];
//   §"PUBLISH" has Content Exists (8), [Largest Location (Location)] too.
// draft-16 carries them as EXPIRES and LARGEST_OBJECT parameters (param-values.ts).
import { WireEncodeError } from "../errors.ts";
import {
  type GroupOrder,
  type Location,
  locationSize,
  readFlag,
  readGroupOrder,
  readLocation,
  writeFlag,
  writeGroupOrder,
  writeLocation,
} from "../fields.ts";
import type { WireReader } from "../reader.ts";
import { varintSize, type WireWriter } from "../writer.ts";

/** A draft-14 Group Order that must be Ascending (1) or Descending (2); `what` names the message. */
export function ascendingOrDescending(order: GroupOrder | undefined, what: string): GroupOrder {
  if (order !== 1 && order !== 2) {
    throw new WireEncodeError(`${what} needs Group Order 1 or 2, got ${order}`);
  }
  return order;
}

/** Content Exists (8) and, when it is 1, the Largest Location. */
export function largestLocationSize(l: Location | undefined): number {
  return 1 + (l === undefined ? 0 : locationSize(l));
}

export function writeLargestLocation(w: WireWriter, l: Location | undefined): void {
  writeFlag(w, l !== undefined, "content exists");
  if (l !== undefined) writeLocation(w, l, "largest location");
}

export function readLargestLocation(r: WireReader): Location | undefined {
  return readFlag(r, "content exists") ? readLocation(r, "largest location") : undefined;
}

export interface TrackState14 {
  /** Milliseconds until the subscription ends; 0: no expiry. */
  readonly expiresMs: number;
  /** Ascending (1) or Descending (2). */
  readonly groupOrder?: GroupOrder;
  /** Absent when nothing has been published (Content Exists = 0). */
  readonly largestLocation?: Location;
}

export function trackState14Size(s: TrackState14, what: string): number {
  ascendingOrDescending(s.groupOrder, what);
  return varintSize(s.expiresMs) + 1 + largestLocationSize(s.largestLocation);
}

export function writeTrackState14(w: WireWriter, s: TrackState14, what: string): void {
  w.varint(s.expiresMs, "expires");
  writeGroupOrder(w, ascendingOrDescending(s.groupOrder, what));
  writeLargestLocation(w, s.largestLocation);
}

/** Group Order 0x0 is a protocol error here. */
export function readTrackState14(r: WireReader): {
  expiresMs: number;
  groupOrder: GroupOrder;
  largestLocation?: Location;
} {
  const expiresMs = r.varint("expires");
  const groupOrder = readGroupOrder(r, false);
  const largestLocation = readLargestLocation(r);
  return { expiresMs, groupOrder, ...(largestLocation !== undefined && { largestLocation }) };
}
