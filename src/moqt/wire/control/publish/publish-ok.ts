import { GroupOrder, readFlag, readGroupOrder, writeFlag, writeGroupOrder } from "../../fields.ts";
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
import {
  filterSize,
  readFilter,
  type SubscriptionFilter,
  UNFILTERED,
  writeFilter,
} from "../../subscription-filter.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";
import { ascendingOrDescending } from "../track-state.ts";

// draft-14 §"PUBLISH_OK": Request ID (i), Forward (8), Subscriber Priority (8),
//   Group Order (8), Filter Type (i), [Start Location (Location)], [End Group (i)],
//   Number of Parameters (i), Parameters (..).
// draft-16 §"PUBLISH_OK": Request ID (i), Number of Parameters (i), Parameters (..); FORWARD,
//   SUBSCRIBER_PRIORITY, GROUP_ORDER, SUBSCRIPTION_FILTER, EXPIRES and NEW_GROUP_REQUEST
//   map to fields.

/** PUBLISH_OK: the subscriber accepts a PUBLISH and sets up the subscription. */
export interface PublishOk {
  readonly kind: "publishOk";
  readonly requestId: number;
  /** draft-16 FORWARD; true when the parameter is absent. */
  readonly forward: boolean;
  /** 0..255, lower first. draft-16 SUBSCRIBER_PRIORITY; 128 when the parameter is absent. */
  readonly subscriberPriority: number;
  /**
   * GroupOrder.PUBLISHER (0) keeps the order of the PUBLISH: draft-16 omits GROUP_ORDER
   * for it; draft-14 has no such value here, so encoding it for draft-14 throws.
   */
  readonly groupOrder: GroupOrder;
  /**
   * Absent: unfiltered (draft-16 only). draft-14 has no unfiltered form and sends
   * AbsoluteStart {0, 0}, which draft-16 §"Subscription Filters" calls equivalent.
   */
  readonly filter?: SubscriptionFilter;
  /** draft-16 EXPIRES in milliseconds (0: no known expiry); not sent in draft-14. */
  readonly expiresMs?: number;
  /** draft-16 NEW_GROUP_REQUEST: largest Group known plus 1 (0: none known); not sent in draft-14. */
  readonly newGroupRequest?: number;
  readonly parameters: MessageParameters;
}

const OWN_16 = [
  MessageParam.EXPIRES,
  MessageParam.FORWARD,
  MessageParam.SUBSCRIBER_PRIORITY,
  MessageParam.SUBSCRIPTION_FILTER,
  MessageParam.GROUP_ORDER,
  MessageParam.NEW_GROUP_REQUEST,
];

function pairs(m: PublishOk, p: VersionProfile): KeyValuePair[] {
  return messageParameterPairs(m.parameters, p.draft === 16 ? paramPairs(m, OWN_16) : [], p);
}

function groupOrder14(m: PublishOk): GroupOrder {
  return ascendingOrDescending(m.groupOrder, "draft-14 PUBLISH_OK");
}

export const publishOk: ControlMessageSpec<PublishOk> = {
  kind: "publishOk",
  types: { 14: 0x1e, 16: 0x1e },
  size(m, p) {
    let n = varintSize(m.requestId);
    if (p.draft === 14) {
      groupOrder14(m);
      // Forward, Subscriber Priority, Group Order, then the filter.
      n += 3 + filterSize(m.filter ?? UNFILTERED);
    }
    return n + messageParametersSize(pairs(m, p), p);
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    if (p.draft === 14) {
      writeFlag(w, m.forward, "forward");
      w.u8(m.subscriberPriority, "subscriber priority");
      writeGroupOrder(w, groupOrder14(m));
      writeFilter(w, m.filter ?? UNFILTERED);
    }
    writeMessageParameters(w, pairs(m, p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    if (p.draft === 14) {
      const forward = readFlag(r, "forward");
      const subscriberPriority = r.u8("subscriber priority");
      // Group Order 0x0 is a protocol error in PUBLISH_OK.
      const groupOrder = readGroupOrder(r, false);
      // No reply can carry INVALID_RANGE for a PUBLISH_OK, so an inverted range is malformed.
      const filter = readFilter(r, true);
      const { params } = readMessageParameters(r, p);
      return {
        kind: "publishOk",
        requestId,
        forward,
        subscriberPriority,
        groupOrder,
        filter,
        parameters: params,
      };
    }
    const at = r.pos;
    const { params, lifted } = readMessageParameters(r, p, OWN_16);
    // As in draft-14, an inverted range is malformed.
    const f = liftParamFields(lifted, at, true);
    return {
      kind: "publishOk",
      requestId,
      ...f,
      forward: f.forward ?? true,
      subscriberPriority: f.subscriberPriority ?? DEFAULT_SUBSCRIBER_PRIORITY,
      groupOrder: f.groupOrder ?? GroupOrder.PUBLISHER,
      parameters: params,
    };
  },
};
