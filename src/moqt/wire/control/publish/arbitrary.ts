// Generators of valid, canonical PUBLISH-family messages (decode(encode(m)) deep-equals m).
import fc from "fast-check";
import { MessageParam } from "../../message-params.ts";
import {
  anyGroupOrder,
  ascendingOrDescending,
  filter,
  location,
  messageParameters,
  priority,
  rec,
  requestError,
  trackExtensions,
  trackName,
  trackNamespace,
  varint,
} from "../../testing/arbitrary-parts.ts";
import { PublishErrorCode14 } from "./codes.ts";
import type { Publish } from "./publish.ts";
import type { PublishError } from "./publish-error.ts";
import type { PublishOk } from "./publish-ok.ts";

type Msg = Publish | PublishOk | PublishError;

const publish14: fc.Arbitrary<Publish> = fc.record(
  {
    kind: fc.constant("publish" as const),
    requestId: varint,
    trackNamespace,
    trackName,
    trackAlias: varint,
    groupOrder: ascendingOrDescending,
    largestLocation: location,
    forward: fc.boolean(),
    parameters: messageParameters(14),
  },
  {
    noNullPrototype: true,
    requiredKeys: [
      "kind",
      "requestId",
      "trackNamespace",
      "trackName",
      "trackAlias",
      "groupOrder",
      "forward",
      "parameters",
    ],
  },
);

const publish16: fc.Arbitrary<Publish> = fc.record(
  {
    kind: fc.constant("publish" as const),
    requestId: varint,
    trackNamespace,
    trackName,
    trackAlias: varint,
    largestLocation: location,
    forward: fc.boolean(),
    expiresMs: varint,
    parameters: messageParameters(16, [
      MessageParam.EXPIRES,
      MessageParam.LARGEST_OBJECT,
      MessageParam.FORWARD,
    ]),
    trackExtensions,
  },
  {
    noNullPrototype: true,
    requiredKeys: [
      "kind",
      "requestId",
      "trackNamespace",
      "trackName",
      "trackAlias",
      "forward",
      "parameters",
    ],
  },
);

const publishOk14: fc.Arbitrary<PublishOk> = rec({
  kind: fc.constant("publishOk" as const),
  requestId: varint,
  forward: fc.boolean(),
  subscriberPriority: priority,
  groupOrder: ascendingOrDescending,
  filter,
  parameters: messageParameters(14),
});

const publishOk16: fc.Arbitrary<PublishOk> = fc.record(
  {
    kind: fc.constant("publishOk" as const),
    requestId: varint,
    forward: fc.boolean(),
    subscriberPriority: priority,
    // GroupOrder.PUBLISHER travels as an omitted GROUP_ORDER.
    groupOrder: anyGroupOrder,
    filter,
    expiresMs: varint,
    newGroupRequest: varint,
    parameters: messageParameters(16, [
      MessageParam.EXPIRES,
      MessageParam.FORWARD,
      MessageParam.SUBSCRIBER_PRIORITY,
      MessageParam.SUBSCRIPTION_FILTER,
      MessageParam.GROUP_ORDER,
      MessageParam.NEW_GROUP_REQUEST,
    ]),
  },
  {
    noNullPrototype: true,
    requiredKeys: [
      "kind",
      "requestId",
      "forward",
      "subscriberPriority",
      "groupOrder",
      "parameters",
    ],
  },
);

const publishError14: fc.Arbitrary<PublishError> = requestError("publishError", PublishErrorCode14);

/** Valid, canonical messages of the PUBLISH family for each draft. */
export const arbitraries: Record<14 | 16, fc.Arbitrary<Msg>[]> = {
  14: [publish14, publishOk14, publishError14],
  16: [publish16, publishOk16],
};
