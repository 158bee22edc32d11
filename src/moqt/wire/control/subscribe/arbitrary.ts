// Generators of valid, canonical SUBSCRIBE-family messages (decode(encode(m)) deep-equals m).
import fc from "fast-check";
import { MessageParam } from "../../message-params.ts";
import {
  absoluteRange,
  absoluteStart,
  anyGroupOrder,
  ascendingOrDescending,
  errorCode,
  filter,
  location,
  messageParameters,
  priority,
  rec,
  requestError,
  requestIdOnly,
  text,
  trackExtensions,
  trackName,
  trackNamespace,
  varint,
} from "../../testing/arbitrary-parts.ts";
import { PublishDoneCode14, PublishDoneCode16, SubscribeErrorCode14 } from "./codes.ts";
import type { PublishDone } from "./publish-done.ts";
import type { RequestUpdate } from "./request-update.ts";
import type { Subscribe } from "./subscribe.ts";
import type { SubscribeError } from "./subscribe-error.ts";
import type { SubscribeOk } from "./subscribe-ok.ts";
import type { Unsubscribe } from "./unsubscribe.ts";

export type SubscribeMessage =
  | Subscribe
  | SubscribeOk
  | SubscribeError
  | RequestUpdate
  | Unsubscribe
  | PublishDone;

/** draft-16 parameter types each message maps to fields of its own. */
const OWN_16 = {
  subscribe: [
    MessageParam.FORWARD,
    MessageParam.SUBSCRIBER_PRIORITY,
    MessageParam.SUBSCRIPTION_FILTER,
    MessageParam.GROUP_ORDER,
    MessageParam.NEW_GROUP_REQUEST,
  ],
  subscribeOk: [MessageParam.EXPIRES, MessageParam.LARGEST_OBJECT],
  requestUpdate: [
    MessageParam.FORWARD,
    MessageParam.SUBSCRIBER_PRIORITY,
    MessageParam.SUBSCRIPTION_FILTER,
    MessageParam.NEW_GROUP_REQUEST,
  ],
};

function subscribe(draft: 14 | 16): fc.Arbitrary<Subscribe> {
  return fc.record(
    {
      kind: fc.constant("subscribe" as const),
      requestId: varint,
      trackNamespace,
      trackName,
      subscriberPriority: priority,
      groupOrder: anyGroupOrder,
      forward: fc.boolean(),
      filter,
      ...(draft === 16 && { newGroupRequest: varint }),
      parameters: messageParameters(draft, OWN_16.subscribe),
    },
    {
      noNullPrototype: true,
      // draft-14 always carries a filter; draft-16 may leave it out (unfiltered).
      requiredKeys: [
        "kind",
        "requestId",
        "trackNamespace",
        "trackName",
        "subscriberPriority",
        "groupOrder",
        "forward",
        "parameters",
        ...(draft === 14 ? (["filter"] as const) : []),
      ],
    },
  );
}

function subscribeOk(draft: 14 | 16): fc.Arbitrary<SubscribeOk> {
  const base = {
    kind: fc.constant("subscribeOk" as const),
    requestId: varint,
    trackAlias: varint,
    expiresMs: varint,
    largestLocation: location,
    parameters: messageParameters(draft, OWN_16.subscribeOk),
  };
  const required = ["kind", "requestId", "trackAlias", "expiresMs", "parameters"] as const;
  if (draft === 14) {
    return fc.record(
      { ...base, groupOrder: ascendingOrDescending },
      { noNullPrototype: true, requiredKeys: [...required, "groupOrder"] },
    );
  }
  return fc.record(
    { ...base, trackExtensions },
    { noNullPrototype: true, requiredKeys: [...required] },
  );
}

function requestUpdate(draft: 14 | 16): fc.Arbitrary<RequestUpdate> {
  const common = {
    kind: fc.constant("requestUpdate" as const),
    requestId: varint,
    existingRequestId: varint,
    subscriberPriority: priority,
    forward: fc.boolean(),
    parameters: messageParameters(draft, OWN_16.requestUpdate),
  };
  if (draft === 14) {
    // SUBSCRIBE_UPDATE carries End Group plus 1, so the End Group stays below 2^53-1.
    return rec({
      ...common,
      filter: fc.oneof(absoluteStart, absoluteRange(Number.MAX_SAFE_INTEGER - 1)),
    });
  }
  return fc.record(
    { ...common, filter, newGroupRequest: varint },
    {
      noNullPrototype: true,
      requiredKeys: ["kind", "requestId", "existingRequestId", "parameters"],
    },
  );
}

function publishDone(draft: 14 | 16): fc.Arbitrary<PublishDone> {
  return fc.record(
    {
      kind: fc.constant("publishDone" as const),
      requestId: varint,
      statusCode: errorCode(draft === 14 ? PublishDoneCode14 : PublishDoneCode16),
      streamCount: varint,
      reason: text(),
    },
    { noNullPrototype: true, requiredKeys: ["kind", "requestId", "statusCode", "reason"] },
  );
}

const subscribeError: fc.Arbitrary<SubscribeError> = requestError(
  "subscribeError",
  SubscribeErrorCode14,
);
const unsubscribe: fc.Arbitrary<Unsubscribe> = requestIdOnly("unsubscribe");

export const arbitraries: Record<14 | 16, fc.Arbitrary<SubscribeMessage>[]> = {
  14: [
    subscribe(14),
    subscribeOk(14),
    subscribeError,
    requestUpdate(14),
    unsubscribe,
    publishDone(14),
  ],
  16: [subscribe(16), subscribeOk(16), requestUpdate(16), unsubscribe, publishDone(16)],
};
