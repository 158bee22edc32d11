import fc from "fast-check";
import type { AuthToken } from "../../auth-token.ts";
import type { GroupOrder, Location } from "../../fields.ts";
import type { KeyValuePair } from "../../key-value.ts";
import { MessageParam, type MessageParameters } from "../../message-params.ts";
import type { SubscriptionFilter } from "./subscription-filter.ts";
import { TrackExtension } from "./track-extensions.ts";

// Building blocks for the property-test arbitraries of the PUBLISH, FETCH and
// TRACK_STATUS families. Everything generated is valid and canonical, and small
// enough that a message stays under the 65535-byte control payload limit.

/** A varint value of every encoded width (1, 2, 4 and 8 bytes). */
export const varint = fc.oneof(
  fc.nat(0x3f),
  fc.integer({ min: 0x40, max: 0x3fff }),
  fc.integer({ min: 0x4000, max: 0x3fffffff }),
  fc.integer({ min: 0x40000000, max: Number.MAX_SAFE_INTEGER }),
);

/** Values small enough to add to without leaving the safe-integer range. */
const half = fc.nat(2 ** 40);

export const trackNamespace = fc.array(fc.uint8Array({ minLength: 1, maxLength: 6 }), {
  minLength: 1,
  maxLength: 4,
});
export const trackName = fc.uint8Array({ maxLength: 12 });
export const location: fc.Arbitrary<Location> = fc.record({ group: varint, object: varint });
export const priority = fc.nat(0xff);
export const ascendingOrDescending = fc.constantFrom<GroupOrder>(1, 2);
export const anyGroupOrder = fc.constantFrom<GroupOrder>(0, 1, 2);
export const reason = fc.string({ unit: "binary", maxLength: 24 });

export const filter: fc.Arbitrary<SubscriptionFilter> = fc.oneof(
  fc.constant({ type: "nextGroupStart" } as const),
  fc.constant({ type: "largestObject" } as const),
  location.map((start) => ({ type: "absoluteStart", start }) as const),
  fc.record({ group: half, object: varint, extra: half }).map(({ group, object, extra }) => ({
    type: "absoluteRange" as const,
    start: { group, object },
    endGroup: group + extra,
  })),
);

const tokenValue = fc.uint8Array({ maxLength: 12 });
export const authToken: fc.Arbitrary<AuthToken> = fc.oneof(
  varint.map((alias) => ({ aliasType: "delete", alias }) as const),
  varint.map((alias) => ({ aliasType: "useAlias", alias }) as const),
  fc
    .record({ alias: varint, tokenType: varint, value: tokenValue })
    .map((t) => ({ aliasType: "register", ...t }) as const),
  fc
    .record({ tokenType: varint, value: tokenValue })
    .map((t) => ({ aliasType: "useValue", ...t }) as const),
);

function pairOf(type: number): fc.Arbitrary<KeyValuePair> {
  return type % 2 === 1
    ? fc.uint8Array({ maxLength: 10 }).map((value) => ({ type, value }))
    : varint.map((value) => ({ type, value }));
}

/** draft-14: any type but the three it defines (kept in wire order, receivers ignore them). */
const unknown14 = fc.array(
  fc
    .oneof(fc.nat(0x3f), varint)
    .filter((t) => t !== 0x02 && t !== 0x03 && t !== 0x04)
    .chain(pairOf),
  { minLength: 1, maxLength: 3 },
);

/** draft-16 parameter types defined for other messages (kept in `unknown`, ascending). */
function unknown16(own: readonly number[]): fc.Arbitrary<KeyValuePair[]> {
  const types = [
    MessageParam.EXPIRES,
    MessageParam.LARGEST_OBJECT,
    MessageParam.FORWARD,
    MessageParam.SUBSCRIBER_PRIORITY,
    MessageParam.SUBSCRIPTION_FILTER,
    MessageParam.GROUP_ORDER,
    MessageParam.NEW_GROUP_REQUEST,
  ].filter((t) => !own.includes(t));
  return fc
    .array(fc.constantFrom(...types).chain(pairOf), { minLength: 1, maxLength: 3 })
    .map((pairs) => [...pairs].sort((a, b) => a.type - b.type));
}

/**
 * Message Parameters for `draft`; `own` lists the draft-16 types the message maps to
 * fields of its own (they never appear in `unknown`).
 */
export function parameters(
  draft: 14 | 16,
  own: readonly number[] = [],
): fc.Arbitrary<MessageParameters> {
  const common = {
    authorizationTokens: fc.array(authToken, { minLength: 1, maxLength: 3 }),
    // draft-16 §"DELIVERY TIMEOUT Parameter": 0 is not allowed.
    deliveryTimeoutMs: fc.oneof(
      fc.integer({ min: 1, max: 0x3fff }),
      varint.filter((v) => v > 0),
    ),
  };
  return draft === 14
    ? fc.record({ ...common, maxCacheDurationMs: varint, unknown: unknown14 }, { requiredKeys: [] })
    : fc.record({ ...common, unknown: unknown16(own) }, { requiredKeys: [] });
}

/** draft-16 Track Extensions: known types with valid values and unknown ones, ascending. */
export const trackExtensions: fc.Arbitrary<KeyValuePair[]> = fc
  .array(
    fc.oneof(
      fc.integer({ min: 1, max: 60_000 }).map((value) => ({
        type: TrackExtension.DELIVERY_TIMEOUT,
        value,
      })),
      varint.map((value) => ({ type: TrackExtension.MAX_CACHE_DURATION, value })),
      fc.uint8Array({ maxLength: 10 }).map((value) => ({
        type: TrackExtension.IMMUTABLE_EXTENSIONS,
        value,
      })),
      priority.map((value) => ({ type: TrackExtension.DEFAULT_PUBLISHER_PRIORITY, value })),
      ascendingOrDescending.map((value) => ({
        type: TrackExtension.DEFAULT_PUBLISHER_GROUP_ORDER,
        value,
      })),
      fc.nat(1).map((value) => ({ type: TrackExtension.DYNAMIC_GROUPS, value })),
      fc.integer({ min: 0x40, max: 0x3fff }).chain(pairOf),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((pairs) => [...pairs].sort((a, b) => a.type - b.type));
