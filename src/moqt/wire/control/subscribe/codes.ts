// Codes a subscription can fail or end with. The registries are open: decoders accept
// any value, these name the ones each draft defines.

/** draft-14 §"SUBSCRIBE_ERROR" (IANA "SUBSCRIBE_ERROR Codes"). */
export const SubscribeErrorCode14 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TIMEOUT: 0x2,
  NOT_SUPPORTED: 0x3,
  TRACK_DOES_NOT_EXIST: 0x4,
  INVALID_RANGE: 0x5,
  MALFORMED_AUTH_TOKEN: 0x10,
  EXPIRED_AUTH_TOKEN: 0x12,
} as const;
export type SubscribeErrorCode14 = (typeof SubscribeErrorCode14)[keyof typeof SubscribeErrorCode14];

/** draft-16 §"REQUEST_ERROR" (IANA "REQUEST_ERROR Codes"); answers any draft-16 request. */
export const RequestErrorCode16 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TIMEOUT: 0x2,
  NOT_SUPPORTED: 0x3,
  MALFORMED_AUTH_TOKEN: 0x4,
  EXPIRED_AUTH_TOKEN: 0x5,
  DOES_NOT_EXIST: 0x10,
  INVALID_RANGE: 0x11,
  MALFORMED_TRACK: 0x12,
  DUPLICATE_SUBSCRIPTION: 0x19,
  UNINTERESTED: 0x20,
  PREFIX_OVERLAP: 0x30,
  INVALID_JOINING_REQUEST_ID: 0x32,
} as const;
export type RequestErrorCode16 = (typeof RequestErrorCode16)[keyof typeof RequestErrorCode16];

/** draft-14 §"PUBLISH_DONE" status codes (IANA "PUBLISH_DONE Codes"). */
export const PublishDoneCode14 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TRACK_ENDED: 0x2,
  SUBSCRIPTION_ENDED: 0x3,
  GOING_AWAY: 0x4,
  EXPIRED: 0x5,
  TOO_FAR_BEHIND: 0x6,
  MALFORMED_TRACK: 0x7,
} as const;
export type PublishDoneCode14 = (typeof PublishDoneCode14)[keyof typeof PublishDoneCode14];

/** draft-16 §"PUBLISH_DONE" status codes: MALFORMED_TRACK moved to 0x12, UPDATE_FAILED added. */
export const PublishDoneCode16 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TRACK_ENDED: 0x2,
  SUBSCRIPTION_ENDED: 0x3,
  GOING_AWAY: 0x4,
  EXPIRED: 0x5,
  TOO_FAR_BEHIND: 0x6,
  UPDATE_FAILED: 0x8,
  MALFORMED_TRACK: 0x12,
} as const;
export type PublishDoneCode16 = (typeof PublishDoneCode16)[keyof typeof PublishDoneCode16];
