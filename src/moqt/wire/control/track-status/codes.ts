// Error codes a TRACK_STATUS can fail with. The registries are open: decoders accept
// any value, these name the ones each draft defines.
import { requestErrorCodes } from "../request-error-codes.ts";
import { SubscribeErrorCode14 } from "../subscribe/codes.ts";

/**
 * draft-14 §"TRACK_STATUS_ERROR": populated exactly as a SUBSCRIBE_ERROR, so these are
 * the IANA "SUBSCRIBE_ERROR Codes".
 */
export const TrackStatusErrorCode14 = SubscribeErrorCode14;
export type TrackStatusErrorCode14 =
  (typeof TrackStatusErrorCode14)[keyof typeof TrackStatusErrorCode14];

/** draft-16 §"REQUEST_ERROR" codes that answer a TRACK_STATUS (§"REQUEST_ERROR Codes"). */
export const TrackStatusErrorCode16 = requestErrorCodes("DOES_NOT_EXIST");
export type TrackStatusErrorCode16 =
  (typeof TrackStatusErrorCode16)[keyof typeof TrackStatusErrorCode16];
