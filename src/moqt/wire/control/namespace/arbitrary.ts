// Generators of valid, canonical namespace-family messages (decode(encode(m)) deep-equals m).
import fc from "fast-check";
import { MessageParam } from "../../message-params.ts";
import {
  errorCode,
  messageParameters,
  namespace,
  rec,
  requestError,
  requestIdOnly,
  text,
  varint,
} from "../../testing/arbitrary-parts.ts";
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

/** Namespace tuples of `min`..32 fields, the most either draft allows. */
const tuple = (min: number) => namespace(min, 32);
const reason = text(120);

const publishNamespace = (draft: 14 | 16): fc.Arbitrary<PublishNamespace> =>
  rec({
    kind: fc.constant("publishNamespace" as const),
    requestId: varint,
    trackNamespace: tuple(1),
    parameters: messageParameters(draft),
  });

const publishNamespaceOk: fc.Arbitrary<PublishNamespaceOk> = requestIdOnly("publishNamespaceOk");

const publishNamespaceError: fc.Arbitrary<PublishNamespaceError> = requestError(
  "publishNamespaceError",
  PublishNamespaceErrorCode14,
);

const publishNamespaceDone = (draft: 14 | 16): fc.Arbitrary<PublishNamespaceDone> =>
  draft === 14
    ? rec({
        kind: fc.constant("publishNamespaceDone" as const),
        trackNamespace: tuple(1),
      })
    : rec({ kind: fc.constant("publishNamespaceDone" as const), requestId: varint });

const publishNamespaceCancel = (draft: 14 | 16): fc.Arbitrary<PublishNamespaceCancel> =>
  draft === 14
    ? rec({
        kind: fc.constant("publishNamespaceCancel" as const),
        trackNamespace: tuple(1),
        errorCode: errorCode(PublishNamespaceErrorCode14),
        reason,
      })
    : rec({
        kind: fc.constant("publishNamespaceCancel" as const),
        requestId: varint,
        errorCode: errorCode(PublishNamespaceErrorCode16),
        reason,
      });

const subscribeNamespace = (draft: 14 | 16): fc.Arbitrary<SubscribeNamespace> =>
  draft === 14
    ? rec({
        kind: fc.constant("subscribeNamespace" as const),
        requestId: varint,
        trackNamespacePrefix: tuple(1),
        parameters: messageParameters(14),
      })
    : fc.record(
        {
          kind: fc.constant("subscribeNamespace" as const),
          requestId: varint,
          trackNamespacePrefix: tuple(0),
          subscribeOptions: fc.constantFrom(...Object.values(SubscribeOptions)),
          forward: fc.boolean(),
          parameters: messageParameters(16, [MessageParam.FORWARD]),
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

const subscribeNamespaceOk: fc.Arbitrary<SubscribeNamespaceOk> =
  requestIdOnly("subscribeNamespaceOk");

const subscribeNamespaceError: fc.Arbitrary<SubscribeNamespaceError> = requestError(
  "subscribeNamespaceError",
  SubscribeNamespaceErrorCode14,
);

const unsubscribeNamespace: fc.Arbitrary<UnsubscribeNamespace> = rec({
  kind: fc.constant("unsubscribeNamespace" as const),
  trackNamespacePrefix: tuple(1),
});

const namespaceMessage: fc.Arbitrary<NamespaceMessage> = rec({
  kind: fc.constant("namespace" as const),
  trackNamespaceSuffix: tuple(0),
});

const namespaceDone: fc.Arbitrary<NamespaceDone> = rec({
  kind: fc.constant("namespaceDone" as const),
  trackNamespaceSuffix: tuple(0),
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
