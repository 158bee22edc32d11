// The MoQT wire codec (draft-14 and draft-16): pure, synchronous, no I/O.
export {
  type AuthToken,
  AuthTokenAliasType,
  decodeAuthToken,
  encodeAuthToken,
} from "./auth-token.ts";
export { FetchErrorCode14, FetchErrorCode16 } from "./control/fetch/codes.ts";
export type { Fetch, FetchTarget } from "./control/fetch/fetch.ts";
export { FetchType, fetchRangeValid } from "./control/fetch/fetch.ts";
export type { FetchCancel } from "./control/fetch/fetch-cancel.ts";
export type { FetchError } from "./control/fetch/fetch-error.ts";
export type { FetchOk } from "./control/fetch/fetch-ok.ts";
export {
  PublishNamespaceErrorCode14,
  PublishNamespaceErrorCode16,
  SubscribeNamespaceErrorCode14,
  SubscribeNamespaceErrorCode16,
} from "./control/namespace/codes.ts";
export type { NamespaceDone, NamespaceMessage } from "./control/namespace/namespace-message.ts";
export type { PublishNamespace } from "./control/namespace/publish-namespace.ts";
export type { PublishNamespaceCancel } from "./control/namespace/publish-namespace-cancel.ts";
export type { PublishNamespaceDone } from "./control/namespace/publish-namespace-done.ts";
export type {
  PublishNamespaceError,
  PublishNamespaceOk,
} from "./control/namespace/publish-namespace-reply.ts";
export type { SubscribeNamespace } from "./control/namespace/subscribe-namespace.ts";
export type {
  SubscribeNamespaceError,
  SubscribeNamespaceOk,
} from "./control/namespace/subscribe-namespace-reply.ts";
export { SubscribeOptions } from "./control/namespace/subscribe-options.ts";
export type { PublishNamespaceTarget } from "./control/namespace/target.ts";
export type { UnsubscribeNamespace } from "./control/namespace/unsubscribe-namespace.ts";
export { PublishErrorCode14, PublishErrorCode16 } from "./control/publish/codes.ts";
export type { Publish } from "./control/publish/publish.ts";
export type { PublishError } from "./control/publish/publish-error.ts";
export type { PublishOk } from "./control/publish/publish-ok.ts";
export { CONTROL_MESSAGES } from "./control/registry.ts";
export type { GoAway } from "./control/session/goaway.ts";
export type { MaxRequestId } from "./control/session/max-request-id.ts";
export type { RequestError } from "./control/session/request-error.ts";
export type { RequestOk } from "./control/session/request-ok.ts";
export type { RequestsBlocked } from "./control/session/requests-blocked.ts";
export type { ClientSetup, ServerSetup, SetupParameters } from "./control/session/setup.ts";
export { SetupParam } from "./control/session/setup.ts";
export type { ControlMessageSpec } from "./control/spec.ts";
export {
  PublishDoneCode14,
  PublishDoneCode16,
  RequestErrorCode16,
  SubscribeErrorCode14,
} from "./control/subscribe/codes.ts";
export type { PublishDone } from "./control/subscribe/publish-done.ts";
export type { RequestUpdate } from "./control/subscribe/request-update.ts";
export type { Subscribe } from "./control/subscribe/subscribe.ts";
export type { SubscribeError } from "./control/subscribe/subscribe-error.ts";
export type { SubscribeOk } from "./control/subscribe/subscribe-ok.ts";
export type { Unsubscribe } from "./control/subscribe/unsubscribe.ts";
export { TrackStatusErrorCode14, TrackStatusErrorCode16 } from "./control/track-status/codes.ts";
export type { TrackStatus } from "./control/track-status/track-status.ts";
export type { TrackStatusError, TrackStatusOk } from "./control/track-status/track-status-reply.ts";
export {
  type ControlMessage,
  type ControlMessageKind,
  decodeControl,
  encodeControl,
  MAX_CONTROL_PAYLOAD,
} from "./control.ts";
export * from "./data/index.ts";
export { SessionErrorCode, StreamResetCode, sessionErrorName } from "./error-codes.ts";
export { WireDecodeError, type WireDecodeFailure, WireEncodeError } from "./errors.ts";
export { compareLocations, GroupOrder, type Location } from "./fields.ts";
export { type KeyValuePair, MAX_KEY_VALUE_BYTES } from "./key-value.ts";
export { MessageParam, type MessageParameters } from "./message-params.ts";
export {
  bytesEqual,
  MAX_FULL_TRACK_NAME_BYTES,
  MAX_NAMESPACE_FIELDS,
  namespaceFromPath,
  namespaceHasPrefix,
  namespaceToPath,
  type TrackNamespace,
} from "./namespace.ts";
export { WireReader } from "./reader.ts";
export { FilterType, isInvertedRange, type SubscriptionFilter } from "./subscription-filter.ts";
export {
  isSupportedVersion,
  PROFILES,
  SUPPORTED_VERSIONS,
  Version,
  type VersionProfile,
} from "./version.ts";
export { varintSize, WireWriter } from "./writer.ts";
