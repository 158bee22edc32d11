import { namespaceDone, namespaceMessage } from "./namespace-message.ts";
import { publishNamespace } from "./publish-namespace.ts";
import { publishNamespaceCancel } from "./publish-namespace-cancel.ts";
import { publishNamespaceDone } from "./publish-namespace-done.ts";
import { publishNamespaceError, publishNamespaceOk } from "./publish-namespace-reply.ts";
import { subscribeNamespace } from "./subscribe-namespace.ts";
import { subscribeNamespaceError, subscribeNamespaceOk } from "./subscribe-namespace-reply.ts";
import { unsubscribeNamespace } from "./unsubscribe-namespace.ts";

export {
  PublishNamespaceErrorCode14,
  PublishNamespaceErrorCode16,
  SubscribeNamespaceErrorCode14,
  SubscribeNamespaceErrorCode16,
} from "./codes.ts";
export type { NamespaceDone, NamespaceMessage } from "./namespace-message.ts";
export type { PublishNamespace } from "./publish-namespace.ts";
export type { PublishNamespaceCancel } from "./publish-namespace-cancel.ts";
export type { PublishNamespaceDone } from "./publish-namespace-done.ts";
export type { PublishNamespaceError, PublishNamespaceOk } from "./publish-namespace-reply.ts";
export type { SubscribeNamespace } from "./subscribe-namespace.ts";
export { SubscribeOptions } from "./subscribe-namespace.ts";
export type {
  SubscribeNamespaceError,
  SubscribeNamespaceOk,
} from "./subscribe-namespace-reply.ts";
export type { PublishNamespaceTarget } from "./target.ts";
export type { UnsubscribeNamespace } from "./unsubscribe-namespace.ts";

export const NAMESPACE_MESSAGES = [
  publishNamespace,
  publishNamespaceOk,
  publishNamespaceError,
  publishNamespaceDone,
  publishNamespaceCancel,
  subscribeNamespace,
  subscribeNamespaceOk,
  subscribeNamespaceError,
  unsubscribeNamespace,
  namespaceMessage,
  namespaceDone,
] as const;
