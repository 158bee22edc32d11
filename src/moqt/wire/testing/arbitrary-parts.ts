// Field generators the control families' property tests (control/*/arbitrary.ts) build on.
// Everything generated is valid and canonical (decode(encode(m)) deep-equals m), small
// enough that a message stays under the 65535-byte control payload limit, and built from
// ordinary objects like the decoder's (toStrictEqual compares prototypes).
import fc from "fast-check";
import type { AuthToken } from "../auth-token.ts";
import type { RequestErrorShape } from "../control/request-error-shape.ts";
import type { RequestIdShape } from "../control/varint-shape.ts";
import { ExtensionHeaderType } from "../data/extensions.ts";
import type { GroupOrder, Location } from "../fields.ts";
import type { KeyValuePair } from "../key-value.ts";
import { MessageParam, type MessageParameters } from "../message-params.ts";
import type { TrackNamespace } from "../namespace.ts";
import type { SubscriptionFilter } from "../subscription-filter.ts";

/** fc.record with every key required and an ordinary prototype. */
export function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

/** A varint value of every encoded width (1, 2, 4 and 8 bytes). */
export const varint: fc.Arbitrary<number> = fc.oneof(
  fc.nat(0x3f),
  fc.integer({ min: 0x40, max: 0x3fff }),
  fc.integer({ min: 0x4000, max: 0x3fffffff }),
  fc.integer({ min: 0x40000000, max: Number.MAX_SAFE_INTEGER }),
);

export const smallBytes = (maxLength = 12): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ maxLength });

/** Any code points (no lone surrogates): well under the 1024-byte reason phrase limit. */
export const text = (maxLength = 24): fc.Arbitrary<string> =>
  fc.string({ unit: "binary", maxLength });

export const priority: fc.Arbitrary<number> = fc.nat(0xff);
export const ascendingOrDescending = fc.constantFrom<GroupOrder>(1, 2);
export const anyGroupOrder = fc.constantFrom<GroupOrder>(0, 1, 2);

export const location: fc.Arbitrary<Location> = rec({ group: varint, object: varint });

/** Namespace tuples of `minFields`..`maxFields` non-empty fields (well under 4096 bytes). */
export const namespace = (minFields: number, maxFields = 4): fc.Arbitrary<TrackNamespace> =>
  fc.array(fc.uint8Array({ minLength: 1, maxLength: 12 }), {
    minLength: minFields,
    maxLength: maxFields,
  });
export const trackNamespace: fc.Arbitrary<TrackNamespace> = namespace(1);
export const trackName: fc.Arbitrary<Uint8Array> = smallBytes();

/** An Error Code: one a draft names in `codes`, or any other value (the registries are open). */
export const errorCode = (codes: Readonly<Record<string, number>>): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(...Object.values(codes)), varint);

export const authToken: fc.Arbitrary<AuthToken> = fc.oneof(
  rec({ aliasType: fc.constant("delete" as const), alias: varint }),
  rec({
    aliasType: fc.constant("register" as const),
    alias: varint,
    tokenType: varint,
    value: smallBytes(24),
  }),
  rec({ aliasType: fc.constant("useAlias" as const), alias: varint }),
  rec({ aliasType: fc.constant("useValue" as const), tokenType: varint, value: smallBytes(24) }),
);

/** A pair of `type`: a varint value for an even type, bytes for an odd one. */
export function pairOf(type: number): fc.Arbitrary<KeyValuePair> {
  return type % 2 === 1
    ? smallBytes(10).map((value) => ({ type, value }))
    : varint.map((value) => ({ type, value }));
}

/** Pairs for a subset of `types`, each at most once, kept in the order given. */
export function pairsOf(types: readonly number[]): fc.Arbitrary<KeyValuePair[]> {
  return fc
    .subarray([...types], { minLength: 1 })
    .chain((picked) => fc.tuple(...picked.map(pairOf)))
    .map((pairs) => [...pairs]);
}

/** Ascending by type (draft-16 delta-encodes types); stable for repeated types. */
const ascending = (pairs: KeyValuePair[]): KeyValuePair[] =>
  [...pairs].sort((a, b) => a.type - b.type);

/** draft-14: any type but the three it defines (kept in wire order, receivers ignore them). */
const unknown14 = fc.array(
  fc
    .oneof(fc.nat(0x3f), varint)
    .filter((t) => t !== 0x02 && t !== 0x03 && t !== 0x04)
    .chain(pairOf),
  { minLength: 1, maxLength: 3 },
);

/** draft-16 parameter types that some message maps to fields of its own. */
const LIFTABLE_16 = [
  MessageParam.EXPIRES,
  MessageParam.LARGEST_OBJECT,
  MessageParam.FORWARD,
  MessageParam.SUBSCRIBER_PRIORITY,
  MessageParam.SUBSCRIPTION_FILTER,
  MessageParam.GROUP_ORDER,
  MessageParam.NEW_GROUP_REQUEST,
];

/** draft-16 parameter types defined for other messages (kept in `unknown`, ascending). */
function unknown16(own: readonly number[]): fc.Arbitrary<KeyValuePair[]> {
  const types = LIFTABLE_16.filter((t) => !own.includes(t));
  return fc
    .array(fc.constantFrom(...types).chain(pairOf), { minLength: 1, maxLength: 3 })
    .map(ascending);
}

/**
 * Message Parameters for `draft`; `own` lists the draft-16 types the message maps to
 * fields of its own (they never appear in `unknown`, and draft-16 forbids any other).
 */
export function messageParameters(
  draft: 14 | 16,
  own: readonly number[] = [],
): fc.Arbitrary<MessageParameters> {
  const authorizationTokens = fc.array(authToken, { minLength: 1, maxLength: 3 });
  if (draft === 14) {
    return fc.record(
      {
        authorizationTokens,
        deliveryTimeoutMs: varint,
        maxCacheDurationMs: varint,
        unknown: unknown14,
      },
      { noNullPrototype: true, requiredKeys: [] },
    );
  }
  return fc.record(
    {
      authorizationTokens,
      // draft-16 §"DELIVERY TIMEOUT Parameter": 0 is not allowed.
      deliveryTimeoutMs: varint.filter((v) => v > 0),
      unknown: unknown16(own),
    },
    { noNullPrototype: true, requiredKeys: [] },
  );
}

/** An AbsoluteRange whose End Group is at least its Start group and at most `maxEnd`. */
export function absoluteRange(maxEnd = Number.MAX_SAFE_INTEGER): fc.Arbitrary<SubscriptionFilter> {
  const group = fc.oneof(fc.nat(0x3f), fc.nat(0x3fff), fc.nat(maxEnd));
  return fc.tuple(group, group, varint).map(([a, b, object]) => ({
    type: "absoluteRange" as const,
    start: { group: Math.min(a, b), object },
    endGroup: Math.max(a, b),
  }));
}

export const absoluteStart: fc.Arbitrary<SubscriptionFilter> = location.map((start) => ({
  type: "absoluteStart" as const,
  start,
}));

export const filter: fc.Arbitrary<SubscriptionFilter> = fc.oneof(
  fc.constant({ type: "nextGroupStart" as const }),
  fc.constant({ type: "largestObject" as const }),
  absoluteStart,
  absoluteRange(),
);

const KNOWN_EXTENSIONS = new Set<number>(Object.values(ExtensionHeaderType));

/** draft-16 Track Extensions: known types with valid values and unknown ones, ascending. */
export const trackExtensions: fc.Arbitrary<KeyValuePair[]> = fc
  .array(
    fc.oneof(
      varint
        .filter((v) => v > 0)
        .map((value) => ({ type: ExtensionHeaderType.DELIVERY_TIMEOUT, value })),
      varint.map((value) => ({ type: ExtensionHeaderType.MAX_CACHE_DURATION, value })),
      smallBytes(10).map((value) => ({ type: ExtensionHeaderType.IMMUTABLE_EXTENSIONS, value })),
      priority.map((value) => ({ type: ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY, value })),
      ascendingOrDescending.map((value) => ({
        type: ExtensionHeaderType.DEFAULT_PUBLISHER_GROUP_ORDER,
        value,
      })),
      fc.nat(1).map((value) => ({ type: ExtensionHeaderType.DYNAMIC_GROUPS, value })),
      fc
        .oneof(fc.nat(0x3f), fc.integer({ min: 0x40, max: 0x3fff }))
        .filter((t) => !KNOWN_EXTENSIONS.has(t))
        .chain(pairOf),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map(ascending);

/** A draft-14 *_ERROR message of `kind` (control/request-error-shape.ts). */
export function requestError<K extends string>(
  kind: K,
  codes: Readonly<Record<string, number>>,
): fc.Arbitrary<RequestErrorShape<K>> {
  return fc
    .tuple(varint, errorCode(codes), text(120))
    .map(([requestId, code, reason]) => ({ kind, requestId, errorCode: code, reason }));
}

/** A message of `kind` carrying only a Request ID (control/varint-shape.ts). */
export function requestIdOnly<K extends string>(kind: K): fc.Arbitrary<RequestIdShape<K>> {
  return varint.map((requestId) => ({ kind, requestId }) as RequestIdShape<K>);
}
