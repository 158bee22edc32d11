// Generators of valid, canonical SUBSCRIBE-family messages (decode(encode(m)) deep-equals m).
import fc from "fast-check";
import type { GroupOrder } from "../../fields.ts";
import type { KeyValuePair } from "../../key-value.ts";
import {
  location,
  messageParameters,
  pairOf,
  smallBytes,
  text,
  trackNamespace,
  varint,
} from "../session/arbitrary.ts";
import type { SubscriptionFilter } from "./filter.ts";
import type { PublishDone } from "./publish-done.ts";
import type { RequestUpdate } from "./request-update.ts";
import type { Subscribe } from "./subscribe.ts";
import type { SubscribeError } from "./subscribe-error.ts";
import type { SubscribeOk } from "./subscribe-ok.ts";
import { TrackExtension } from "./track-extensions.ts";
import type { Unsubscribe } from "./unsubscribe.ts";

export type SubscribeMessage =
  | Subscribe
  | SubscribeOk
  | SubscribeError
  | RequestUpdate
  | Unsubscribe
  | PublishDone;

const priority = fc.nat(255);

/** An AbsoluteRange whose End Group is at least its Start group and at most `maxEnd`. */
function absoluteRange(maxEnd: number): fc.Arbitrary<SubscriptionFilter> {
  const group = fc.oneof(fc.nat(0x3f), fc.nat(0x3fff), fc.nat(maxEnd));
  return fc.tuple(group, group, varint).map(([a, b, object]) => ({
    type: "absoluteRange" as const,
    start: { group: Math.min(a, b), object },
    endGroup: Math.max(a, b),
  }));
}

const absoluteStart: fc.Arbitrary<SubscriptionFilter> = location.map((start) => ({
  type: "absoluteStart" as const,
  start,
}));

export const filter: fc.Arbitrary<SubscriptionFilter> = fc.oneof(
  fc.constant({ type: "nextGroupStart" as const }),
  fc.constant({ type: "largestObject" as const }),
  absoluteStart,
  absoluteRange(Number.MAX_SAFE_INTEGER),
);

/** draft-16 parameter types each message does not lift (decoded into `unknown`). */
const FOREIGN_16 = {
  subscribe: [0x08, 0x09],
  subscribeOk: [0x10, 0x20, 0x21, 0x22, 0x32],
  requestUpdate: [0x08, 0x09, 0x22],
} as const;

function subscribe(draft: 14 | 16): fc.Arbitrary<Subscribe> {
  return fc.record(
    {
      kind: fc.constant("subscribe" as const),
      requestId: varint,
      trackNamespace,
      trackName: smallBytes(),
      subscriberPriority: priority,
      groupOrder: fc.constantFrom<GroupOrder>(0, 1, 2),
      forward: fc.boolean(),
      filter,
      ...(draft === 16 && { newGroupRequest: varint }),
      parameters: messageParameters(draft, FOREIGN_16.subscribe),
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

/** Track Extensions: known types with valid values, plus unknown ones, ascending. */
const trackExtensions: fc.Arbitrary<KeyValuePair[]> = fc
  .subarray(
    [
      TrackExtension.DELIVERY_TIMEOUT,
      TrackExtension.MAX_CACHE_DURATION,
      TrackExtension.IMMUTABLE_EXTENSIONS,
      TrackExtension.DEFAULT_PUBLISHER_PRIORITY,
      0x1b,
      TrackExtension.DEFAULT_PUBLISHER_GROUP_ORDER,
      TrackExtension.DYNAMIC_GROUPS,
      0x4000,
    ],
    { minLength: 1 },
  )
  .chain((types) =>
    fc.tuple(
      ...types.map((type): fc.Arbitrary<KeyValuePair> => {
        switch (type) {
          case TrackExtension.DELIVERY_TIMEOUT:
            return varint.filter((v) => v > 0).map((value) => ({ type, value }));
          case TrackExtension.DEFAULT_PUBLISHER_PRIORITY:
            return priority.map((value) => ({ type, value }));
          case TrackExtension.DEFAULT_PUBLISHER_GROUP_ORDER:
            return fc.constantFrom(1, 2).map((value) => ({ type, value }));
          case TrackExtension.DYNAMIC_GROUPS:
            return fc.constantFrom(0, 1).map((value) => ({ type, value }));
          default:
            return pairOf(type);
        }
      }),
    ),
  );

function subscribeOk(draft: 14 | 16): fc.Arbitrary<SubscribeOk> {
  const base = {
    kind: fc.constant("subscribeOk" as const),
    requestId: varint,
    trackAlias: varint,
    expiresMs: varint,
    largestLocation: location,
    parameters: messageParameters(draft, FOREIGN_16.subscribeOk),
  };
  const required = ["kind", "requestId", "trackAlias", "expiresMs", "parameters"] as const;
  if (draft === 14) {
    return fc.record(
      { ...base, groupOrder: fc.constantFrom<GroupOrder>(1, 2) },
      { noNullPrototype: true, requiredKeys: [...required, "groupOrder"] },
    );
  }
  return fc.record(
    { ...base, trackExtensions },
    { noNullPrototype: true, requiredKeys: [...required] },
  );
}

const subscribeError: fc.Arbitrary<SubscribeError> = fc.record(
  {
    kind: fc.constant("subscribeError" as const),
    requestId: varint,
    errorCode: varint,
    reason: text(),
  },
  { noNullPrototype: true },
);

function requestUpdate(draft: 14 | 16): fc.Arbitrary<RequestUpdate> {
  const common = {
    kind: fc.constant("requestUpdate" as const),
    requestId: varint,
    existingRequestId: varint,
    subscriberPriority: priority,
    forward: fc.boolean(),
    parameters: messageParameters(draft, FOREIGN_16.requestUpdate),
  };
  if (draft === 14) {
    // SUBSCRIBE_UPDATE carries End Group plus 1, so the End Group stays below 2^53-1.
    return fc.record(
      {
        ...common,
        filter: fc.oneof(absoluteStart, absoluteRange(Number.MAX_SAFE_INTEGER - 1)),
      },
      { noNullPrototype: true },
    );
  }
  return fc.record(
    { ...common, filter, newGroupRequest: varint },
    {
      noNullPrototype: true,
      requiredKeys: ["kind", "requestId", "existingRequestId", "parameters"],
    },
  );
}

const unsubscribe: fc.Arbitrary<Unsubscribe> = fc.record(
  {
    kind: fc.constant("unsubscribe" as const),
    requestId: varint,
  },
  { noNullPrototype: true },
);

const publishDone: fc.Arbitrary<PublishDone> = fc.record(
  {
    kind: fc.constant("publishDone" as const),
    requestId: varint,
    statusCode: varint,
    streamCount: varint,
    reason: text(),
  },
  { noNullPrototype: true, requiredKeys: ["kind", "requestId", "statusCode", "reason"] },
);

export const arbitraries: Record<14 | 16, fc.Arbitrary<SubscribeMessage>[]> = {
  14: [subscribe(14), subscribeOk(14), subscribeError, requestUpdate(14), unsubscribe, publishDone],
  16: [subscribe(16), subscribeOk(16), requestUpdate(16), unsubscribe, publishDone],
};
