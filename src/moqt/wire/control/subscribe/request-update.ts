// draft-14 §"SUBSCRIBE_UPDATE", draft-16 §"REQUEST_UPDATE" (both Message Type 0x2)
//   draft-14: Request ID (i), Subscription Request ID (i), Start Location (Location),
//             End Group (i) (plus 1; 0 = open-ended), Subscriber Priority (8), Forward (8),
//             Number of Parameters (i), Parameters
//   draft-16: Request ID (i), Existing Request ID (i), Number of Parameters (i), Parameters;
//             filter, priority, forward and new group request travel as parameters and
//             an absent one leaves the request's value unchanged.
import { malformed, WireEncodeError } from "../../errors.ts";
import {
  type Location,
  locationSize,
  readFlag,
  readLocation,
  writeFlag,
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
import { liftParamFields, paramPairs } from "../../param-values.ts";
import { isInvertedRange, type SubscriptionFilter } from "../../subscription-filter.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

/**
 * An update to an earlier request. draft-14 SUBSCRIBE_UPDATE sets the whole subscription
 * window at once, so filter (AbsoluteStart or AbsoluteRange), subscriberPriority and
 * forward are required to encode it; draft-16 REQUEST_UPDATE sends only what changes.
 */
export interface RequestUpdate {
  readonly kind: "requestUpdate";
  readonly requestId: number;
  /** The request being updated (draft-14: Subscription Request ID). */
  readonly existingRequestId: number;
  readonly filter?: SubscriptionFilter;
  readonly subscriberPriority?: number;
  readonly forward?: boolean;
  /** draft-16 NEW_GROUP_REQUEST; not sent in draft-14. */
  readonly newGroupRequest?: number;
  readonly parameters: MessageParameters;
}

const OWN_16 = [
  MessageParam.SUBSCRIBER_PRIORITY,
  MessageParam.SUBSCRIPTION_FILTER,
  MessageParam.FORWARD,
  MessageParam.NEW_GROUP_REQUEST,
];

interface Window14 {
  readonly start: Location;
  /** End Group plus 1; 0 when open-ended. */
  readonly endPlusOne: number;
  readonly priority: number;
  readonly forward: boolean;
}

function window14(m: RequestUpdate): Window14 {
  const { filter, subscriberPriority, forward } = m;
  if (filter === undefined || subscriberPriority === undefined || forward === undefined) {
    throw new WireEncodeError(
      "draft-14 SUBSCRIBE_UPDATE needs filter, subscriberPriority, forward",
    );
  }
  if (filter.type === "absoluteStart") {
    return { start: filter.start, endPlusOne: 0, priority: subscriberPriority, forward };
  }
  if (filter.type === "absoluteRange") {
    if (isInvertedRange(filter))
      throw new WireEncodeError("filter End Group is before Start group");
    const endPlusOne = filter.endGroup + 1;
    return { start: filter.start, endPlusOne, priority: subscriberPriority, forward };
  }
  throw new WireEncodeError(`draft-14 SUBSCRIBE_UPDATE cannot carry a ${filter.type} filter`);
}

function pairs(m: RequestUpdate, p: VersionProfile): KeyValuePair[] {
  return messageParameterPairs(m.parameters, p.draft === 16 ? paramPairs(m, OWN_16) : [], p);
}

export const requestUpdate: ControlMessageSpec<RequestUpdate> = {
  kind: "requestUpdate",
  types: { 14: 0x2, 16: 0x2 },
  size(m, p) {
    let n = varintSize(m.requestId) + varintSize(m.existingRequestId);
    if (p.draft === 14) {
      const win = window14(m);
      n += locationSize(win.start) + varintSize(win.endPlusOne) + 2;
    }
    return n + messageParametersSize(pairs(m, p), p);
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    w.varint(m.existingRequestId, "existing request ID");
    if (p.draft === 14) {
      const win = window14(m);
      writeLocation(w, win.start, "start location");
      w.varint(win.endPlusOne, "end group");
      w.u8(win.priority, "subscriber priority");
      writeFlag(w, win.forward, "forward");
    }
    writeMessageParameters(w, pairs(m, p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const existingRequestId = r.varint("existing request ID");
    if (p.draft === 14) {
      const start = readLocation(r, "start location");
      const endAt = r.pos;
      const endPlusOne = r.varint("end group");
      // §"SUBSCRIBE_UPDATE": End Group must not precede Start; a violation closes the session.
      if (endPlusOne !== 0 && endPlusOne - 1 < start.group) {
        throw malformed(endAt, `End Group ${endPlusOne - 1} is before Start group ${start.group}`);
      }
      const filter: SubscriptionFilter =
        endPlusOne === 0
          ? { type: "absoluteStart", start }
          : { type: "absoluteRange", start, endGroup: endPlusOne - 1 };
      const subscriberPriority = r.u8("subscriber priority");
      const forward = readFlag(r, "forward");
      const { params } = readMessageParameters(r, p);
      return {
        kind: "requestUpdate",
        requestId,
        existingRequestId,
        filter,
        subscriberPriority,
        forward,
        parameters: params,
      };
    }
    const at = r.pos;
    const { params, lifted } = readMessageParameters(r, p, OWN_16);
    // draft-16 §"REQUEST_UPDATE": parameters invalid for the request close the session.
    const f = liftParamFields(lifted, at, true);
    return { kind: "requestUpdate", requestId, existingRequestId, ...f, parameters: params };
  },
};
