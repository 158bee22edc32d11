// Codes a subscription can fail or end with. The registries are open: decoders accept
// any value, these name the ones each draft defines.
import { AuthTokenErrorCode14, CommonErrorCode14 } from "../request-error-codes.ts";

export { RequestErrorCode16 } from "../request-error-codes.ts";

/** draft-14 §"SUBSCRIBE_ERROR" (IANA "SUBSCRIBE_ERROR Codes"). */
export const SubscribeErrorCode14 = {
  ...CommonErrorCode14,
  TRACK_DOES_NOT_EXIST: 0x4,
  INVALID_RANGE: 0x5,
  ...AuthTokenErrorCode14,
} as const;
export type SubscribeErrorCode14 = (typeof SubscribeErrorCode14)[keyof typeof SubscribeErrorCode14];

/** The PUBLISH_DONE status codes both drafts define alike (0x0..0x6). */
const PublishDoneCodeCommon = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TRACK_ENDED: 0x2,
  SUBSCRIPTION_ENDED: 0x3,
  GOING_AWAY: 0x4,
  EXPIRED: 0x5,
  TOO_FAR_BEHIND: 0x6,
} as const;

/** draft-14 §"PUBLISH_DONE" status codes (IANA "PUBLISH_DONE Codes"). */
export const PublishDoneCode14 = { ...PublishDoneCodeCommon, MALFORMED_TRACK: 0x7 } as const;
export type PublishDoneCode14 = (typeof PublishDoneCode14)[keyof typeof PublishDoneCode14];

/** draft-16 §"PUBLISH_DONE" status codes: MALFORMED_TRACK moved to 0x12, UPDATE_FAILED added. */
export const PublishDoneCode16 = {
  ...PublishDoneCodeCommon,
  UPDATE_FAILED: 0x8,
  MALFORMED_TRACK: 0x12,
} as const;
export type PublishDoneCode16 = (typeof PublishDoneCode16)[keyof typeof PublishDoneCode16];
