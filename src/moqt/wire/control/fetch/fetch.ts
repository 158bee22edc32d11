import { malformed, WireEncodeError } from "../../errors.ts";
import {
  GroupOrder,
  type Location,
  locationSize,
  readGroupOrder,
  readLocation,
  writeGroupOrder,
  writeLocation,
} from "../../fields.ts";
import type { KeyValuePair } from "../../key-value.ts";
import {
  MessageParam,
  type MessageParameters,
  messageParameterPairs,
  messageParametersSize,
  readMessageParameters,
  writeMessageParameters,
} from "../../message-params.ts";
import { DEFAULT_SUBSCRIBER_PRIORITY, liftParamFields, paramPairs } from "../../param-values.ts";
import type { WireReader } from "../../reader.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize, type WireWriter } from "../../writer.ts";
import {
  type FullTrackName,
  fullTrackNameSize,
  readFullTrackName,
  writeFullTrackName,
} from "../full-track-name.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-14 §"Fetch Handling": Request ID (i), Subscriber Priority (8), Group Order (8),
//   Fetch Type (i), [Standalone (Standalone Fetch)], [Joining (Joining Fetch)],
//   Number of Parameters (i), Parameters (..).
// draft-16 §"Fetch Handling": Request ID (i), Fetch Type (i), [Standalone], [Joining],
//   Number of Parameters (i), Parameters (..); SUBSCRIBER_PRIORITY and GROUP_ORDER map to fields.
// §"Standalone Fetch": Track Namespace, Track Name Length (i), Track Name (..),
//   Start Location (Location), End Location (Location).
// §"Joining Fetches": Joining Request ID (i), Joining Start (i).

/** §"FETCH": Fetch Type code points (identical in both drafts). */
export const FetchType = {
  STANDALONE: 0x1,
  RELATIVE_JOINING: 0x2,
  ABSOLUTE_JOINING: 0x3,
} as const;
export type FetchType = (typeof FetchType)[keyof typeof FetchType];

/** What a FETCH asks for: an explicit range of a track, or a range joined to a subscription. */
export type FetchTarget =
  | (FullTrackName & {
      readonly type: "standalone";
      readonly start: Location;
      /** The end Location plus 1; `object` 0 asks for the whole of group `end.group`. */
      readonly end: Location;
    })
  | {
      /** Start Location is {Largest.Group - joiningStart, 0} of the joined subscription. */
      readonly type: "relativeJoining";
      readonly joiningRequestId: number;
      readonly joiningStart: number;
    }
  | {
      /** draft-16: Start Location is {joiningStart, 0}; draft-14 says "Joining Start". */
      readonly type: "absoluteJoining";
      readonly joiningRequestId: number;
      readonly joiningStart: number;
    };

/** FETCH: a request for Objects already published. */
export interface Fetch {
  readonly kind: "fetch";
  readonly requestId: number;
  /** 0..255, lower first. draft-16 SUBSCRIBER_PRIORITY; 128 when the parameter is absent. */
  readonly subscriberPriority: number;
  /**
   * draft-14 allows GroupOrder.PUBLISHER (0). draft-16 GROUP_ORDER is Ascending or
   * Descending and Ascending when absent; PUBLISHER is sent by omitting it.
   */
  readonly groupOrder: GroupOrder;
  readonly target: FetchTarget;
  readonly parameters: MessageParameters;
}

/**
 * False when a standalone range ends before it starts (§"Fetch Handling": End Location
 * MUST be the same or larger than Start). Such a FETCH decodes, for the publisher to
 * answer with INVALID_RANGE, but is never encoded.
 */
export function fetchRangeValid(start: Location, end: Location): boolean {
  if (end.group !== start.group) return end.group > start.group;
  return end.object === 0 || end.object >= start.object;
}

const OWN_16 = [MessageParam.SUBSCRIBER_PRIORITY, MessageParam.GROUP_ORDER];

function pairs(m: Fetch, p: VersionProfile): KeyValuePair[] {
  return messageParameterPairs(m.parameters, p.draft === 16 ? paramPairs(m, OWN_16) : [], p);
}

function targetSize(t: FetchTarget): number {
  switch (t.type) {
    case "standalone":
      if (!fetchRangeValid(t.start, t.end)) {
        throw new WireEncodeError("FETCH End Location is before its Start Location");
      }
      return (
        varintSize(FetchType.STANDALONE) +
        fullTrackNameSize(t) +
        locationSize(t.start) +
        locationSize(t.end)
      );
    case "relativeJoining":
    case "absoluteJoining":
      return 1 + varintSize(t.joiningRequestId) + varintSize(t.joiningStart);
    default:
      throw new WireEncodeError(`unknown fetch type ${(t as { type: string }).type}`);
  }
}

function writeTarget(w: WireWriter, t: FetchTarget): void {
  switch (t.type) {
    case "standalone":
      w.varint(FetchType.STANDALONE, "fetch type");
      writeFullTrackName(w, t);
      writeLocation(w, t.start, "start location");
      writeLocation(w, t.end, "end location");
      break;
    case "relativeJoining":
    case "absoluteJoining":
      w.varint(
        t.type === "relativeJoining" ? FetchType.RELATIVE_JOINING : FetchType.ABSOLUTE_JOINING,
        "fetch type",
      );
      w.varint(t.joiningRequestId, "joining request ID");
      w.varint(t.joiningStart, "joining start");
      break;
  }
}

function readTarget(r: WireReader): FetchTarget {
  const at = r.pos;
  const type = r.varint("fetch type");
  switch (type) {
    case FetchType.STANDALONE: {
      const name = readFullTrackName(r);
      const start = readLocation(r, "start location");
      const end = readLocation(r, "end location");
      return { type: "standalone", ...name, start, end };
    }
    case FetchType.RELATIVE_JOINING:
    case FetchType.ABSOLUTE_JOINING: {
      const joiningRequestId = r.varint("joining request ID");
      const joiningStart = r.varint("joining start");
      return {
        type: type === FetchType.RELATIVE_JOINING ? "relativeJoining" : "absoluteJoining",
        joiningRequestId,
        joiningStart,
      };
    }
    default:
      // §"FETCH": any other Fetch Type closes the session with PROTOCOL_VIOLATION.
      throw malformed(at, `unknown fetch type ${type}`);
  }
}

export const fetch: ControlMessageSpec<Fetch> = {
  kind: "fetch",
  types: { 14: 0x16, 16: 0x16 },
  size(m, p) {
    return (
      varintSize(m.requestId) +
      (p.draft === 14 ? 2 : 0) + // Subscriber Priority, Group Order
      targetSize(m.target) +
      messageParametersSize(pairs(m, p), p)
    );
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    if (p.draft === 14) {
      w.u8(m.subscriberPriority, "subscriber priority");
      writeGroupOrder(w, m.groupOrder);
    }
    writeTarget(w, m.target);
    writeMessageParameters(w, pairs(m, p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    if (p.draft === 14) {
      const subscriberPriority = r.u8("subscriber priority");
      const groupOrder = readGroupOrder(r);
      const target = readTarget(r);
      const { params } = readMessageParameters(r, p);
      return {
        kind: "fetch",
        requestId,
        subscriberPriority,
        groupOrder,
        target,
        parameters: params,
      };
    }
    const target = readTarget(r);
    const at = r.pos;
    const { params, lifted } = readMessageParameters(r, p, OWN_16);
    const f = liftParamFields(lifted, at);
    return {
      kind: "fetch",
      requestId,
      subscriberPriority: f.subscriberPriority ?? DEFAULT_SUBSCRIBER_PRIORITY,
      // draft-16 §"GROUP ORDER Parameter": omitted from FETCH, the receiver uses Ascending.
      groupOrder: f.groupOrder ?? GroupOrder.ASCENDING,
      target,
      parameters: params,
    };
  },
};
