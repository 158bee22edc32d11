// Error codes a FETCH can fail with. The registries are open: decoders accept any
// value, these name the ones each draft defines.
import {
  AuthTokenErrorCode14,
  CommonErrorCode14,
  requestErrorCodes,
} from "../request-error-codes.ts";

/** draft-14 §"FETCH_ERROR" (IANA "FETCH_ERROR Codes"). */
export const FetchErrorCode14 = {
  ...CommonErrorCode14,
  TRACK_DOES_NOT_EXIST: 0x4,
  INVALID_RANGE: 0x5,
  NO_OBJECTS: 0x6,
  INVALID_JOINING_REQUEST_ID: 0x7,
  UNKNOWN_STATUS_IN_RANGE: 0x8,
  MALFORMED_TRACK: 0x9,
  ...AuthTokenErrorCode14,
} as const;
export type FetchErrorCode14 = (typeof FetchErrorCode14)[keyof typeof FetchErrorCode14];

/** draft-16 §"REQUEST_ERROR" codes that answer a FETCH (§"REQUEST_ERROR Codes"). */
export const FetchErrorCode16 = requestErrorCodes(
  "DOES_NOT_EXIST",
  "INVALID_RANGE",
  "MALFORMED_TRACK",
  "INVALID_JOINING_REQUEST_ID",
);
export type FetchErrorCode16 = (typeof FetchErrorCode16)[keyof typeof FetchErrorCode16];
