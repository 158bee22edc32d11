// draft-14 §"SUBSCRIBE", draft-16 §"SUBSCRIBE"
//   draft-14: Request ID (i), Track Namespace (tuple), Track Name Length (i), Track Name (..),
//             Subscriber Priority (8), Group Order (8), Forward (8), Filter Type (i),
//             [Start Location (Location)], [End Group (i)], Number of Parameters (i), Parameters
//   draft-16: Request ID (i), Track Namespace, Track Name Length (i), Track Name (..),
//             Number of Parameters (i), Parameters; priority, group order, forward, filter
//             and new group request travel as parameters.
import { GroupOrder } from "../../fields.ts";
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
import { type SubscriptionFilter, UNFILTERED } from "../../subscription-filter.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import {
  type FullTrackName,
  fullTrackNameSize,
  readFullTrackName,
  writeFullTrackName,
} from "../full-track-name.ts";
import type { ControlMessageSpec } from "../spec.ts";
import {
  readSubscriptionFields14,
  type SubscriptionFields14,
  subscriptionFields14Size,
  writeSubscriptionFields14,
} from "../subscription-fields.ts";

/** SUBSCRIBE (§"SUBSCRIBE"): asks for a track's Objects from the filter on. */
export interface Subscribe extends FullTrackName {
  readonly kind: "subscribe";
  readonly requestId: number;
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

/** draft-14 has no unfiltered form: AbsoluteStart {0, 0} stands for it. */
function fields14(m: Subscribe): SubscriptionFields14 {
  return { ...m, filter: m.filter ?? UNFILTERED };
}

function pairs(m: Subscribe, p: VersionProfile): KeyValuePair[] {
  return messageParameterPairs(m.parameters, p.draft === 16 ? paramPairs(m, OWN_16) : [], p);
}

export const subscribe: ControlMessageSpec<Subscribe> = {
  kind: "subscribe",
  types: { 14: 0x3, 16: 0x3 },
  size(m, p) {
    return (
      varintSize(m.requestId) +
      fullTrackNameSize(m) +
      (p.draft === 14 ? subscriptionFields14Size(fields14(m)) : 0) +
      messageParametersSize(pairs(m, p), p)
    );
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    writeFullTrackName(w, m);
    if (p.draft === 14) writeSubscriptionFields14(w, fields14(m));
    writeMessageParameters(w, pairs(m, p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const head = { kind: "subscribe", requestId, ...readFullTrackName(r) } as const;
    if (p.draft === 14) {
      const fields = readSubscriptionFields14(r);
      return { ...head, ...fields, parameters: readMessageParameters(r, p).params };
    }
    const at = r.pos;
    const { params, lifted } = readMessageParameters(r, p, OWN_16);
    // An inverted AbsoluteRange is answered with REQUEST_ERROR INVALID_RANGE, not a close.
    const f = liftParamFields(lifted, at, false);
    return {
      ...head,
      ...f,
      subscriberPriority: f.subscriberPriority ?? DEFAULT_SUBSCRIBER_PRIORITY,
      groupOrder: f.groupOrder ?? GroupOrder.PUBLISHER,
      forward: f.forward ?? true,
      parameters: params,
    };
  },
};
