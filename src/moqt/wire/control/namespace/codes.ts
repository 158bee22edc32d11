// Error codes a namespace request can fail or be cancelled with. The registries are
// open: decoders accept any value, these name the ones each draft defines.
import {
  AuthTokenErrorCode14,
  CommonErrorCode14,
  requestErrorCodes,
} from "../request-error-codes.ts";

/**
 * draft-14 §"PUBLISH_NAMESPACE_ERROR" (IANA "ANNOUNCE_ERROR Codes"); also used by
 * PUBLISH_NAMESPACE_CANCEL (draft-14 §"PUBLISH_NAMESPACE_CANCEL").
 */
export const PublishNamespaceErrorCode14 = {
  ...CommonErrorCode14,
  UNINTERESTED: 0x4,
  ...AuthTokenErrorCode14,
} as const;
export type PublishNamespaceErrorCode14 =
  (typeof PublishNamespaceErrorCode14)[keyof typeof PublishNamespaceErrorCode14];

/**
 * draft-16 §"REQUEST_ERROR" codes that answer a PUBLISH_NAMESPACE; PUBLISH_NAMESPACE_CANCEL
 * uses the same (draft-16 §"PUBLISH_NAMESPACE_CANCEL", values from §"REQUEST_ERROR Codes").
 */
export const PublishNamespaceErrorCode16 = requestErrorCodes("UNINTERESTED");
export type PublishNamespaceErrorCode16 =
  (typeof PublishNamespaceErrorCode16)[keyof typeof PublishNamespaceErrorCode16];

/** draft-14 §"SUBSCRIBE_NAMESPACE_ERROR" (IANA "SUBSCRIBE_NAMESPACE_ERROR Codes"). */
export const SubscribeNamespaceErrorCode14 = {
  ...CommonErrorCode14,
  NAMESPACE_PREFIX_UNKNOWN: 0x4,
  NAMESPACE_PREFIX_OVERLAP: 0x5,
  ...AuthTokenErrorCode14,
} as const;
export type SubscribeNamespaceErrorCode14 =
  (typeof SubscribeNamespaceErrorCode14)[keyof typeof SubscribeNamespaceErrorCode14];

/** draft-16 §"REQUEST_ERROR" codes that answer a SUBSCRIBE_NAMESPACE (§"REQUEST_ERROR Codes"). */
export const SubscribeNamespaceErrorCode16 = requestErrorCodes("DOES_NOT_EXIST", "PREFIX_OVERLAP");
export type SubscribeNamespaceErrorCode16 =
  (typeof SubscribeNamespaceErrorCode16)[keyof typeof SubscribeNamespaceErrorCode16];
