import fc from "fast-check";
import type { AuthToken } from "../../auth-token.ts";
import type { KeyValuePair } from "../../key-value.ts";
import { MessageParam, type MessageParameters } from "../../message-params.ts";
import type { TrackNamespace } from "../../namespace.ts";
import {
  PublishNamespaceErrorCode14,
  PublishNamespaceErrorCode16,
  SubscribeNamespaceErrorCode14,
} from "./codes.ts";
import type { NamespaceDone, NamespaceMessage } from "./namespace-message.ts";
import type { PublishNamespace } from "./publish-namespace.ts";
import type { PublishNamespaceCancel } from "./publish-namespace-cancel.ts";
import type { PublishNamespaceDone } from "./publish-namespace-done.ts";
import type { PublishNamespaceError, PublishNamespaceOk } from "./publish-namespace-reply.ts";
import { type SubscribeNamespace, SubscribeOptions } from "./subscribe-namespace.ts";
import type { SubscribeNamespaceError, SubscribeNamespaceOk } from "./subscribe-namespace-reply.ts";
import type { UnsubscribeNamespace } from "./unsubscribe-namespace.ts";

type Msg =
  | PublishNamespace
  | PublishNamespaceOk
  | PublishNamespaceError
  | PublishNamespaceDone
  | PublishNamespaceCancel
  | SubscribeNamespace
  | SubscribeNamespaceOk
  | SubscribeNamespaceError
  | UnsubscribeNamespace
  | NamespaceMessage
  | NamespaceDone;

/** fc.record with ordinary prototypes, like decoded messages. */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

const varint = fc.oneof(fc.nat(63), fc.nat(16383), fc.maxSafeNat());
const bytes = (max: number) => fc.uint8Array({ maxLength: max });

/** Namespace tuples of `min`..32 non-empty fields (well under the 4096-byte limit). */
const namespace = (min: number): fc.Arbitrary<TrackNamespace> =>
  fc.array(fc.uint8Array({ minLength: 1, maxLength: 12 }), { minLength: min, maxLength: 32 });

const reason = fc.string({ unit: "binary", maxLength: 120 });

const errorCode = (codes: Record<string, number>) =>
  fc.oneof(fc.constantFrom(...Object.values(codes)), varint);

const authToken: fc.Arbitrary<AuthToken> = fc.oneof(
  rec({ aliasType: fc.constant("delete" as const), alias: varint }),
  rec({
    aliasType: fc.constant("register" as const),
    alias: varint,
    tokenType: varint,
    value: bytes(24),
  }),
  rec({ aliasType: fc.constant("useAlias" as const), alias: varint }),
  rec({ aliasType: fc.constant("useValue" as const), tokenType: varint, value: bytes(24) }),
);

function pairFor(type: number): fc.Arbitrary<KeyValuePair> {
  return type % 2 === 1
    ? bytes(16).map((value) => ({ type, value }))
    : varint.map((value) => ({ type, value }));
}

/** draft-14: unknown parameter types (any but 0x02..0x04), repeats allowed, wire order kept. */
const unknown14 = fc.array(
  fc
    .oneof(fc.nat(63), varint)
    .filter((t) => t < 2 || t > 4)
    .chain(pairFor),
  { minLength: 1, maxLength: 3 },
);

/**
 * draft-16: parameters defined for other messages (ignored here), each at most once, in
 * ascending type order as the delta encoding sends them. `own` are mapped to fields.
 */
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
    .subarray(types, { minLength: 1 })
    .chain((ts) => fc.tuple(...ts.map(pairFor)))
    .map((pairs) => [...pairs]);
}

function parameters(draft: 14 | 16, own: readonly number[] = []): fc.Arbitrary<MessageParameters> {
  const tokens = fc.array(authToken, { minLength: 1, maxLength: 3 });
  if (draft === 14) {
    return fc.record(
      {
        authorizationTokens: tokens,
        deliveryTimeoutMs: varint,
        maxCacheDurationMs: varint,
        unknown: unknown14,
      },
      { requiredKeys: [], noNullPrototype: true },
    );
  }
  return fc.record(
    {
      authorizationTokens: tokens,
      deliveryTimeoutMs: varint.filter((v) => v > 0),
      unknown: unknown16(own),
    },
    { requiredKeys: [], noNullPrototype: true },
  );
}

const publishNamespace = (draft: 14 | 16): fc.Arbitrary<PublishNamespace> =>
  rec({
    kind: fc.constant("publishNamespace" as const),
    requestId: varint,
    trackNamespace: namespace(1),
    parameters: parameters(draft),
  });

const publishNamespaceOk: fc.Arbitrary<PublishNamespaceOk> = rec({
  kind: fc.constant("publishNamespaceOk" as const),
  requestId: varint,
});

const publishNamespaceError: fc.Arbitrary<PublishNamespaceError> = rec({
  kind: fc.constant("publishNamespaceError" as const),
  requestId: varint,
  errorCode: errorCode(PublishNamespaceErrorCode14),
  errorReason: reason,
});

const publishNamespaceDone = (draft: 14 | 16): fc.Arbitrary<PublishNamespaceDone> =>
  draft === 14
    ? rec({
        kind: fc.constant("publishNamespaceDone" as const),
        trackNamespace: namespace(1),
      })
    : rec({ kind: fc.constant("publishNamespaceDone" as const), requestId: varint });

const publishNamespaceCancel = (draft: 14 | 16): fc.Arbitrary<PublishNamespaceCancel> =>
  draft === 14
    ? rec({
        kind: fc.constant("publishNamespaceCancel" as const),
        trackNamespace: namespace(1),
        errorCode: errorCode(PublishNamespaceErrorCode14),
        errorReason: reason,
      })
    : rec({
        kind: fc.constant("publishNamespaceCancel" as const),
        requestId: varint,
        errorCode: errorCode(PublishNamespaceErrorCode16),
        errorReason: reason,
      });

const subscribeNamespace = (draft: 14 | 16): fc.Arbitrary<SubscribeNamespace> =>
  draft === 14
    ? rec({
        kind: fc.constant("subscribeNamespace" as const),
        requestId: varint,
        trackNamespacePrefix: namespace(1),
        parameters: parameters(14),
      })
    : fc.record(
        {
          kind: fc.constant("subscribeNamespace" as const),
          requestId: varint,
          trackNamespacePrefix: namespace(0),
          subscribeOptions: fc.constantFrom(...Object.values(SubscribeOptions)),
          forward: fc.boolean(),
          parameters: parameters(16, [MessageParam.FORWARD]),
        },
        {
          requiredKeys: [
            "kind",
            "requestId",
            "trackNamespacePrefix",
            "subscribeOptions",
            "parameters",
          ],
          noNullPrototype: true,
        },
      );

const subscribeNamespaceOk: fc.Arbitrary<SubscribeNamespaceOk> = rec({
  kind: fc.constant("subscribeNamespaceOk" as const),
  requestId: varint,
});

const subscribeNamespaceError: fc.Arbitrary<SubscribeNamespaceError> = rec({
  kind: fc.constant("subscribeNamespaceError" as const),
  requestId: varint,
  errorCode: errorCode(SubscribeNamespaceErrorCode14),
  errorReason: reason,
});

const unsubscribeNamespace: fc.Arbitrary<UnsubscribeNamespace> = rec({
  kind: fc.constant("unsubscribeNamespace" as const),
  trackNamespacePrefix: namespace(1),
});

const namespaceMessage: fc.Arbitrary<NamespaceMessage> = rec({
  kind: fc.constant("namespace" as const),
  trackNamespaceSuffix: namespace(0),
});

const namespaceDone: fc.Arbitrary<NamespaceDone> = rec({
  kind: fc.constant("namespaceDone" as const),
  trackNamespaceSuffix: namespace(0),
});

/** Valid, canonical namespace-family messages per draft: decode(encode(m)) equals m. */
export const arbitraries: Record<14 | 16, fc.Arbitrary<Msg>[]> = {
  14: [
    publishNamespace(14),
    publishNamespaceOk,
    publishNamespaceError,
    publishNamespaceDone(14),
    publishNamespaceCancel(14),
    subscribeNamespace(14),
    subscribeNamespaceOk,
    subscribeNamespaceError,
    unsubscribeNamespace,
  ],
  16: [
    publishNamespace(16),
    publishNamespaceDone(16),
    publishNamespaceCancel(16),
    subscribeNamespace(16),
    namespaceMessage,
    namespaceDone,
  ],
};
