// Error codes a PUBLISH can be rejected with. The registries are open: decoders accept
// any value, these name the ones each draft defines.

/** draft-14 §"PUBLISH_ERROR" (IANA "PUBLISH_ERROR Codes"). */
export const PublishErrorCode14 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TIMEOUT: 0x2,
  NOT_SUPPORTED: 0x3,
  UNINTERESTED: 0x4,
} as const;
export type PublishErrorCode14 = (typeof PublishErrorCode14)[keyof typeof PublishErrorCode14];

/** draft-16 §"REQUEST_ERROR" codes that answer a PUBLISH (§"REQUEST_ERROR Codes"). */
export const PublishErrorCode16 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TIMEOUT: 0x2,
  NOT_SUPPORTED: 0x3,
  MALFORMED_AUTH_TOKEN: 0x4,
  EXPIRED_AUTH_TOKEN: 0x5,
  DUPLICATE_SUBSCRIPTION: 0x19,
  UNINTERESTED: 0x20,
} as const;
export type PublishErrorCode16 = (typeof PublishErrorCode16)[keyof typeof PublishErrorCode16];
