// draft-14 §"SUBSCRIBE", draft-16 §"SUBSCRIBE"
//   draft-14: Request ID (i), Track Namespace (tuple), Track Name Length (i), Track Name (..),
//             Subscriber Priority (8), Group Order (8), Forward (8), Filter Type (i),
//             [Start Location (Location)], [End Group (i)], Number of Parameters (i), Parameters
//   draft-16: Request ID (i), Track Namespace, Track Name Length (i), Track Name (..),
//             Number of Parameters (i), Parameters; priority, group order, forward, filter
//             and new group request travel as parameters.
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
import {
  namespaceSize,
  readNamespace,
  readTrackName,
  type TrackNamespace,
  trackNameSize,
  writeNamespace,
  writeTrackName,
} from "../../namespace.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";
import { filterSize, readFilter, type SubscriptionFilter, writeFilter } from "./filter.ts";
import {
  DEFAULT_SUBSCRIBER_PRIORITY,
  filterPair,
  forwardPair,
  groupOrderPair,
  liftedFilter,
  liftedForward,
  liftedGroupOrder,
  liftedPriority,
  liftedVarint,
  priorityPair,
  varintPair,
} from "./params.ts";

export interface Subscribe {
  readonly kind: "subscribe";
  readonly requestId: number;
  readonly trackNamespace: TrackNamespace;
  readonly trackName: Uint8Array;
  /** 0-255, lower first. draft-16 SUBSCRIBER_PRIORITY; 128 when the parameter is absent. */
  readonly subscriberPriority: number;
  /** GroupOrder.PUBLISHER (0) asks for the publisher's order; draft-16 omits GROUP_ORDER for it. */
  readonly groupOrder: GroupOrder;
  /** draft-16 FORWARD; true when the parameter is absent. */
  readonly forward: boolean;
  /**
   * Absent: unfiltered (draft-16 only). draft-14 has no unfiltered form and sends
   * AbsoluteStart {0, 0}, which draft-16 §"Subscription Filters" calls equivalent.
   */
  readonly filter?: SubscriptionFilter;
  /** draft-16 NEW_GROUP_REQUEST: largest Group known plus 1 (0: none known). Not sent in draft-14. */
  readonly newGroupRequest?: number;
  readonly parameters: MessageParameters;
}

const OWN_16 = [
  MessageParam.SUBSCRIBER_PRIORITY,
  MessageParam.GROUP_ORDER,
  MessageParam.SUBSCRIPTION_FILTER,
  MessageParam.FORWARD,
  MessageParam.NEW_GROUP_REQUEST,
];

const UNFILTERED_14: SubscriptionFilter = { type: "absoluteStart", start: { group: 0, object: 0 } };

function pairs(m: Subscribe, p: VersionProfile): KeyValuePair[] {
  if (p.draft === 14) return messageParameterPairs(m.parameters, [], p);
  const own = [priorityPair(m.subscriberPriority), forwardPair(m.forward)];
  if (m.groupOrder !== GroupOrder.PUBLISHER) own.push(groupOrderPair(m.groupOrder));
  if (m.filter !== undefined) own.push(filterPair(m.filter));
  if (m.newGroupRequest !== undefined) {
    own.push(varintPair(MessageParam.NEW_GROUP_REQUEST, m.newGroupRequest));
  }
  return messageParameterPairs(m.parameters, own, p);
}

export const subscribe: ControlMessageSpec<Subscribe> = {
  kind: "subscribe",
  types: { 14: 0x3, 16: 0x3 },
  size(m, p) {
    let n =
      varintSize(m.requestId) +
      namespaceSize(m.trackNamespace) +
      trackNameSize(m.trackNamespace, m.trackName);
    if (p.draft === 14) {
      n += 3 + filterSize(m.filter ?? UNFILTERED_14);
    }
    return n + messageParametersSize(pairs(m, p), p);
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    writeNamespace(w, m.trackNamespace);
    writeTrackName(w, m.trackName);
    if (p.draft === 14) {
      w.u8(m.subscriberPriority, "subscriber priority");
      writeGroupOrder(w, m.groupOrder);
      writeFlag(w, m.forward, "forward");
      writeFilter(w, m.filter ?? UNFILTERED_14);
    }
    writeMessageParameters(w, pairs(m, p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const trackNamespace = readNamespace(r);
    const trackName = readTrackName(r, trackNamespace);
    const head = { kind: "subscribe", requestId, trackNamespace, trackName } as const;
    if (p.draft === 14) {
      const subscriberPriority = r.u8("subscriber priority");
      const groupOrder = readGroupOrder(r);
      const forward = readFlag(r, "forward");
      // An inverted AbsoluteRange is answered with SUBSCRIBE_ERROR INVALID_RANGE, not a close.
      const filter = readFilter(r, false);
      const { params } = readMessageParameters(r, p);
      return { ...head, subscriberPriority, groupOrder, forward, filter, parameters: params };
    }
    const at = r.pos;
    const { params, lifted } = readMessageParameters(r, p, OWN_16);
    const filter = liftedFilter(lifted, at, false);
    const newGroupRequest = liftedVarint(lifted, MessageParam.NEW_GROUP_REQUEST);
    return {
      ...head,
      subscriberPriority: liftedPriority(lifted, at) ?? DEFAULT_SUBSCRIBER_PRIORITY,
      groupOrder: liftedGroupOrder(lifted, at) ?? GroupOrder.PUBLISHER,
      forward: liftedForward(lifted, at) ?? true,
      ...(filter !== undefined && { filter }),
      ...(newGroupRequest !== undefined && { newGroupRequest }),
      parameters: params,
    };
  },
};
