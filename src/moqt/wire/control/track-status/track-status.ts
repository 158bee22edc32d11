import { GroupOrder } from "../../fields.ts";
import {
  type MessageParameters,
  messageParameterPairs,
  messageParametersSize,
  readMessageParameters,
  writeMessageParameters,
} from "../../message-params.ts";
import { DEFAULT_SUBSCRIBER_PRIORITY } from "../../param-values.ts";
import { type SubscriptionFilter, UNFILTERED } from "../../subscription-filter.ts";
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

// draft-14 §"TRACK_STATUS": the SUBSCRIBE layout, Request ID (i), Track Namespace (tuple),
//   Track Name Length (i), Track Name (..), Subscriber Priority (8), Group Order (8),
//   Forward (8), Filter Type (i), [Start Location (Location)], [End Group (i)],
//   Number of Parameters (i), Parameters (..).
// draft-16 §"TRACK_STATUS": the SUBSCRIBE layout without delivery parameters, Request ID (i),
//   Track Namespace, Track Name Length (i), Track Name (..), Number of Parameters (i),
//   Parameters (..). None of SUBSCRIBER_PRIORITY, GROUP_ORDER, FORWARD or SUBSCRIPTION_FILTER
//   is defined for it: received, they are kept in `parameters.unknown` and ignored.

/** TRACK_STATUS: asks for the current state of a track without subscribing. */
export interface TrackStatus extends FullTrackName {
  readonly kind: "trackStatus";
  readonly requestId: number;
  /** draft-14 only (not sent in draft-16): 0..255, 128 when absent. */
  readonly subscriberPriority?: number;
  /** draft-14 only (not sent in draft-16): GroupOrder.PUBLISHER (0) when absent. */
  readonly groupOrder?: GroupOrder;
  /** draft-14 only (not sent in draft-16): true when absent. */
  readonly forward?: boolean;
  /** draft-14 only (not sent in draft-16): AbsoluteStart {0, 0}, i.e. unfiltered, when absent. */
  readonly filter?: SubscriptionFilter;
  readonly parameters: MessageParameters;
}

/** The draft-14 fields, with the defaults for those the message leaves out. */
function fields14(m: TrackStatus): SubscriptionFields14 {
  return {
    subscriberPriority: m.subscriberPriority ?? DEFAULT_SUBSCRIBER_PRIORITY,
    groupOrder: m.groupOrder ?? GroupOrder.PUBLISHER,
    forward: m.forward ?? true,
    filter: m.filter ?? UNFILTERED,
  };
}

export const trackStatus: ControlMessageSpec<TrackStatus> = {
  kind: "trackStatus",
  types: { 14: 0xd, 16: 0xd },
  size(m, p) {
    return (
      varintSize(m.requestId) +
      fullTrackNameSize(m) +
      (p.draft === 14 ? subscriptionFields14Size(fields14(m)) : 0) +
      messageParametersSize(messageParameterPairs(m.parameters, [], p), p)
    );
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    writeFullTrackName(w, m);
    if (p.draft === 14) writeSubscriptionFields14(w, fields14(m));
    writeMessageParameters(w, messageParameterPairs(m.parameters, [], p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const head = { kind: "trackStatus", requestId, ...readFullTrackName(r) } as const;
    const fields = p.draft === 14 ? readSubscriptionFields14(r) : {};
    return { ...head, ...fields, parameters: readMessageParameters(r, p).params };
  },
};
