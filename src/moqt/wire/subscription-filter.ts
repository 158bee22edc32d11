// draft-14 §"SUBSCRIBE" (Filter Types), draft-16 §"Subscription Filters":
//   Subscription Filter { Filter Type (i), [Start Location (Location)], [End Group (i)] }
// draft-14 writes it inline (SUBSCRIBE, PUBLISH_OK, TRACK_STATUS); draft-16 carries it as
// the value of the SUBSCRIPTION_FILTER parameter (draft-16 §"SUBSCRIPTION FILTER Parameter").
import { malformed, WireEncodeError } from "./errors.ts";
import { type Location, locationSize, readLocation, writeLocation } from "./fields.ts";
import type { WireReader } from "./reader.ts";
import { varintSize, type WireWriter } from "./writer.ts";

/** Filter Type code points (identical in both drafts). */
export const FilterType = {
  NEXT_GROUP_START: 0x1,
  LARGEST_OBJECT: 0x2,
  ABSOLUTE_START: 0x3,
  ABSOLUTE_RANGE: 0x4,
} as const;
export type FilterType = (typeof FilterType)[keyof typeof FilterType];

/** Which Objects a subscription passes; `endGroup` is inclusive. */
export type SubscriptionFilter =
  | { readonly type: "nextGroupStart" }
  | { readonly type: "largestObject" }
  | { readonly type: "absoluteStart"; readonly start: Location }
  | { readonly type: "absoluteRange"; readonly start: Location; readonly endGroup: number };

/**
 * draft-16 §"Subscription Filters": AbsoluteStart {0, 0} is equivalent to no filter;
 * draft-14 has no unfiltered form and sends this instead.
 */
export const UNFILTERED: SubscriptionFilter = {
  type: "absoluteStart",
  start: { group: 0, object: 0 },
};

/** True when an AbsoluteRange ends before the group it starts in (draft-14/16: End Group MUST be ≥ Start.Group). */
export function isInvertedRange(f: SubscriptionFilter): boolean {
  return f.type === "absoluteRange" && f.endGroup < f.start.group;
}

function invertedDetail(f: { readonly start: Location; readonly endGroup: number }): string {
  return `End Group ${f.endGroup} is before Start group ${f.start.group}`;
}

export function filterSize(f: SubscriptionFilter): number {
  switch (f.type) {
    case "nextGroupStart":
    case "largestObject":
      return 1;
    case "absoluteStart":
      return 1 + locationSize(f.start);
    case "absoluteRange":
      if (isInvertedRange(f)) throw new WireEncodeError(`filter ${invertedDetail(f)}`);
      return 1 + locationSize(f.start) + varintSize(f.endGroup);
    default:
      throw new WireEncodeError(`unknown filter type ${(f as { type: string }).type}`);
  }
}

export function writeFilter(w: WireWriter, f: SubscriptionFilter): void {
  switch (f.type) {
    case "nextGroupStart":
      w.varint(FilterType.NEXT_GROUP_START, "filter type");
      return;
    case "largestObject":
      w.varint(FilterType.LARGEST_OBJECT, "filter type");
      return;
    case "absoluteStart":
      w.varint(FilterType.ABSOLUTE_START, "filter type");
      writeLocation(w, f.start, "start location");
      return;
    case "absoluteRange":
      w.varint(FilterType.ABSOLUTE_RANGE, "filter type");
      writeLocation(w, f.start, "start location");
      w.varint(f.endGroup, "end group");
      return;
  }
}

/**
 * Reads a filter. `rejectInverted` makes End Group < Start.Group a PROTOCOL_VIOLATION;
 * requests that can be answered with INVALID_RANGE (SUBSCRIBE, TRACK_STATUS) leave it
 * to the session instead. `errorAt` overrides the offset errors report (for a filter
 * parsed out of a parameter value).
 */
export function readFilter(
  r: WireReader,
  rejectInverted: boolean,
  errorAt?: number,
): SubscriptionFilter {
  const at = r.pos;
  const type = r.varint("filter type");
  switch (type) {
    case FilterType.NEXT_GROUP_START:
      return { type: "nextGroupStart" };
    case FilterType.LARGEST_OBJECT:
      return { type: "largestObject" };
    case FilterType.ABSOLUTE_START:
      return { type: "absoluteStart", start: readLocation(r, "start location") };
    case FilterType.ABSOLUTE_RANGE: {
      const start = readLocation(r, "start location");
      const endAt = r.pos;
      const f = { type: "absoluteRange", start, endGroup: r.varint("end group") } as const;
      if (rejectInverted && isInvertedRange(f))
        throw malformed(errorAt ?? endAt, invertedDetail(f));
      return f;
    }
    default:
      // Both drafts: any other filter type closes the session with PROTOCOL_VIOLATION.
      throw malformed(errorAt ?? at, `invalid filter type ${type}`);
  }
}
