// draft-14 §"SUBSCRIBE" (Filter Types), draft-16 §"Subscription Filters":
//   Subscription Filter { Filter Type (i), [Start Location (Location)], [End Group (i)] }
// draft-14 writes it inline in SUBSCRIBE; draft-16 carries it as the bytes of the
// SUBSCRIPTION_FILTER parameter (draft-16 §"SUBSCRIPTION FILTER Parameter").
import { malformed, WireDecodeError, WireEncodeError } from "../../errors.ts";
import { type Location, locationSize, readLocation, writeLocation } from "../../fields.ts";
import { WireReader } from "../../reader.ts";
import { varintSize, WireWriter } from "../../writer.ts";

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

/** True when an AbsoluteRange ends before the group it starts in (draft-14/16: End Group MUST be ≥ Start.Group). */
export function isInvertedRange(f: SubscriptionFilter): boolean {
  return f.type === "absoluteRange" && f.endGroup < f.start.group;
}

function checkFilter(f: SubscriptionFilter): void {
  if (isInvertedRange(f)) throw new WireEncodeError("filter End Group is before Start Location");
}

export function filterSize(f: SubscriptionFilter): number {
  checkFilter(f);
  switch (f.type) {
    case "nextGroupStart":
    case "largestObject":
      return 1;
    case "absoluteStart":
      return 1 + locationSize(f.start);
    case "absoluteRange":
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
 * SUBSCRIBE leaves it to the session, which answers with INVALID_RANGE. `errorAt`
 * overrides the offset errors report (for a filter parsed out of a parameter value).
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
      if (rejectInverted && isInvertedRange(f)) {
        throw malformed(
          errorAt ?? endAt,
          `End Group ${f.endGroup} is before Start group ${start.group}`,
        );
      }
      return f;
    }
    default:
      throw malformed(errorAt ?? at, `invalid filter type ${type}`);
  }
}

/** The SUBSCRIPTION_FILTER parameter value: the filter alone, its length given by the pair. */
export function encodeFilterParam(f: SubscriptionFilter): Uint8Array {
  const w = new WireWriter(filterSize(f));
  writeFilter(w, f);
  return w.finish("subscription filter");
}

/**
 * Parses a SUBSCRIPTION_FILTER value. draft-16: a filter whose length does not match
 * the parameter length is a PROTOCOL_VIOLATION. `offset` locates the parameter.
 */
export function decodeFilterParam(
  bytes: Uint8Array,
  offset: number,
  rejectInverted: boolean,
): SubscriptionFilter {
  const r = new WireReader(bytes);
  let f: SubscriptionFilter;
  try {
    f = readFilter(r, rejectInverted, offset);
  } catch (e) {
    if (e instanceof WireDecodeError && e.truncated) {
      throw malformed(offset, "SUBSCRIPTION_FILTER value shorter than its filter");
    }
    throw e;
  }
  if (!r.atEnd()) throw malformed(offset, "SUBSCRIPTION_FILTER value longer than its filter");
  return f;
}
