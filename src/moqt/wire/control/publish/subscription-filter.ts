import { malformed, WireDecodeError, WireEncodeError } from "../../errors.ts";
import { type Location, locationSize, readLocation, writeLocation } from "../../fields.ts";
import type { KeyValuePair } from "../../key-value.ts";
import { MessageParam } from "../../message-params.ts";
import { WireReader } from "../../reader.ts";
import { varintSize, WireWriter } from "../../writer.ts";

// draft-14 §"SUBSCRIBE" (Filter Types), draft-16 §"Subscription Filters":
//   Filter Type (i), [Start Location (Location)], [End Group (i)].
// draft-14 writes it inline (SUBSCRIBE, PUBLISH_OK, TRACK_STATUS); draft-16 carries it
// as the value of the SUBSCRIPTION_FILTER parameter (0x21).

/** Filter Type code points (identical in both drafts). */
export const FilterType = {
  NEXT_GROUP_START: 0x1,
  LARGEST_OBJECT: 0x2,
  ABSOLUTE_START: 0x3,
  ABSOLUTE_RANGE: 0x4,
} as const;
export type FilterType = (typeof FilterType)[keyof typeof FilterType];

export type SubscriptionFilter =
  | { readonly type: "nextGroupStart" }
  | { readonly type: "largestObject" }
  | { readonly type: "absoluteStart"; readonly start: Location }
  | { readonly type: "absoluteRange"; readonly start: Location; readonly endGroup: number };

/** draft-16 §"Subscription Filters": AbsoluteStart {0, 0} is equivalent to no filter. */
export const UNFILTERED: SubscriptionFilter = {
  type: "absoluteStart",
  start: { group: 0, object: 0 },
};

/** False when an AbsoluteRange ends before its start group; such a filter is never encoded. */
export function filterRangeValid(f: SubscriptionFilter): boolean {
  return f.type !== "absoluteRange" || f.endGroup >= f.start.group;
}

export function filterSize(f: SubscriptionFilter): number {
  switch (f.type) {
    case "nextGroupStart":
    case "largestObject":
      return 1;
    case "absoluteStart":
      return 1 + locationSize(f.start);
    case "absoluteRange":
      if (!filterRangeValid(f)) {
        throw new WireEncodeError(
          `filter End Group ${f.endGroup} is before Start group ${f.start.group}`,
        );
      }
      return 1 + locationSize(f.start) + varintSize(f.endGroup);
    default:
      throw new WireEncodeError(`unknown subscription filter type ${(f as { type: string }).type}`);
  }
}

export function writeFilter(w: WireWriter, f: SubscriptionFilter): void {
  switch (f.type) {
    case "nextGroupStart":
      w.varint(FilterType.NEXT_GROUP_START, "filter type");
      break;
    case "largestObject":
      w.varint(FilterType.LARGEST_OBJECT, "filter type");
      break;
    case "absoluteStart":
      w.varint(FilterType.ABSOLUTE_START, "filter type");
      writeLocation(w, f.start, "filter start");
      break;
    case "absoluteRange":
      w.varint(FilterType.ABSOLUTE_RANGE, "filter type");
      writeLocation(w, f.start, "filter start");
      w.varint(f.endGroup, "filter end group");
      break;
  }
}

/**
 * Reads a filter. With `rejectInverted`, End Group < Start.Group is a PROTOCOL_VIOLATION;
 * requests that can be answered with INVALID_RANGE leave it to the session instead.
 */
export function readFilter(r: WireReader, rejectInverted: boolean): SubscriptionFilter {
  const at = r.pos;
  const type = r.varint("filter type");
  switch (type) {
    case FilterType.NEXT_GROUP_START:
      return { type: "nextGroupStart" };
    case FilterType.LARGEST_OBJECT:
      return { type: "largestObject" };
    case FilterType.ABSOLUTE_START:
      return { type: "absoluteStart", start: readLocation(r, "filter start") };
    case FilterType.ABSOLUTE_RANGE: {
      const start = readLocation(r, "filter start");
      const endAt = r.pos;
      const f = { type: "absoluteRange", start, endGroup: r.varint("filter end group") } as const;
      if (rejectInverted && !filterRangeValid(f)) {
        throw malformed(
          endAt,
          `filter End Group ${f.endGroup} is before Start group ${start.group}`,
        );
      }
      return f;
    }
    default:
      // Both drafts: any other filter type closes the session with PROTOCOL_VIOLATION.
      throw malformed(at, `unknown subscription filter type ${type}`);
  }
}

/** draft-16 §"SUBSCRIPTION FILTER Parameter" (0x21): the filter is the parameter value. */
export function filterPair(f: SubscriptionFilter): KeyValuePair {
  const w = new WireWriter(filterSize(f));
  writeFilter(w, f);
  return { type: MessageParam.SUBSCRIPTION_FILTER, value: w.finish("SUBSCRIPTION_FILTER") };
}

export function liftFilter(
  lifted: ReadonlyMap<number, KeyValuePair>,
  at: number,
  rejectInverted: boolean,
): SubscriptionFilter | undefined {
  const pair = lifted.get(MessageParam.SUBSCRIPTION_FILTER);
  if (pair === undefined) return undefined;
  const r = new WireReader(pair.value as Uint8Array);
  let f: SubscriptionFilter;
  try {
    f = readFilter(r, rejectInverted);
  } catch (e) {
    // §"SUBSCRIPTION FILTER Parameter": a length mismatch is a PROTOCOL_VIOLATION.
    if (e instanceof WireDecodeError && e.truncated) {
      throw malformed(at, "SUBSCRIPTION_FILTER shorter than its filter");
    }
    if (e instanceof WireDecodeError) throw malformed(at, `SUBSCRIPTION_FILTER: ${e.message}`);
    throw e;
  }
  if (!r.atEnd()) throw malformed(at, "SUBSCRIPTION_FILTER longer than its filter");
  return f;
}
