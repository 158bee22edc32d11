import { GroupOrder, readFlag, readGroupOrder, writeFlag, writeGroupOrder } from "../../fields.ts";
import {
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
import { varintSize } from "../../writer.ts";
import { DEFAULT_SUBSCRIBER_PRIORITY } from "../publish/param-values.ts";
import {
  filterSize,
  readFilter,
  type SubscriptionFilter,
  UNFILTERED,
  writeFilter,
} from "../publish/subscription-filter.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-14 §"TRACK_STATUS": the SUBSCRIBE layout, Request ID (i), Track Namespace (tuple),
//   Track Name Length (i), Track Name (..), Subscriber Priority (8), Group Order (8),
//   Forward (8), Filter Type (i), [Start Location (Location)], [End Group (i)],
//   Number of Parameters (i), Parameters (..).
// draft-16 §"TRACK_STATUS": the SUBSCRIBE layout without delivery parameters, Request ID (i),
//   Track Namespace, Track Name Length (i), Track Name (..), Number of Parameters (i),
//   Parameters (..). None of SUBSCRIBER_PRIORITY, GROUP_ORDER, FORWARD or SUBSCRIPTION_FILTER
//   is defined for it: received, they are kept in `parameters.unknown` and ignored.

/** TRACK_STATUS: asks for the current state of a track without subscribing. */
export interface TrackStatus {
  readonly kind: "trackStatus";
  readonly requestId: number;
  readonly trackNamespace: TrackNamespace;
  readonly trackName: Uint8Array;
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

export const trackStatus: ControlMessageSpec<TrackStatus> = {
  kind: "trackStatus",
  types: { 14: 0xd, 16: 0xd },
  size(m, p) {
    return (
      varintSize(m.requestId) +
      namespaceSize(m.trackNamespace) +
      trackNameSize(m.trackNamespace, m.trackName) +
      // Subscriber Priority, Group Order, Forward, filter.
      (p.draft === 14 ? 3 + filterSize(m.filter ?? UNFILTERED) : 0) +
      messageParametersSize(messageParameterPairs(m.parameters, [], p), p)
    );
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    writeNamespace(w, m.trackNamespace);
    writeTrackName(w, m.trackName);
    if (p.draft === 14) {
      w.u8(m.subscriberPriority ?? DEFAULT_SUBSCRIBER_PRIORITY, "subscriber priority");
      writeGroupOrder(w, m.groupOrder ?? GroupOrder.PUBLISHER);
      writeFlag(w, m.forward ?? true, "forward");
      writeFilter(w, m.filter ?? UNFILTERED);
    }
    writeMessageParameters(w, messageParameterPairs(m.parameters, [], p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const trackNamespace = readNamespace(r);
    const trackName = readTrackName(r, trackNamespace);
    const head = { kind: "trackStatus", requestId, trackNamespace, trackName } as const;
    if (p.draft === 14) {
      const subscriberPriority = r.u8("subscriber priority");
      const groupOrder = readGroupOrder(r);
      const forward = readFlag(r, "forward");
      // An inverted AbsoluteRange is answered with TRACK_STATUS_ERROR INVALID_RANGE, not a close.
      const filter = readFilter(r, false);
      const { params } = readMessageParameters(r, p);
      return { ...head, subscriberPriority, groupOrder, forward, filter, parameters: params };
    }
    return { ...head, parameters: readMessageParameters(r, p).params };
  },
};
