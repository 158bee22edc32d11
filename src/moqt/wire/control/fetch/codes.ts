// Error codes a FETCH can fail with. The registries are open: decoders accept any
// value, these name the ones each draft defines.

/** draft-14 §"FETCH_ERROR" (IANA "FETCH_ERROR Codes"). */
export const FetchErrorCode14 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TIMEOUT: 0x2,
  NOT_SUPPORTED: 0x3,
  TRACK_DOES_NOT_EXIST: 0x4,
  INVALID_RANGE: 0x5,
  NO_OBJECTS: 0x6,
  INVALID_JOINING_REQUEST_ID: 0x7,
  UNKNOWN_STATUS_IN_RANGE: 0x8,
  MALFORMED_TRACK: 0x9,
  MALFORMED_AUTH_TOKEN: 0x10,
  EXPIRED_AUTH_TOKEN: 0x12,
} as const;
export type FetchErrorCode14 = (typeof FetchErrorCode14)[keyof typeof FetchErrorCode14];

/** draft-16 §"REQUEST_ERROR" codes that answer a FETCH (§"REQUEST_ERROR Codes"). */
export const FetchErrorCode16 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TIMEOUT: 0x2,
  NOT_SUPPORTED: 0x3,
  MALFORMED_AUTH_TOKEN: 0x4,
  EXPIRED_AUTH_TOKEN: 0x5,
  DOES_NOT_EXIST: 0x10,
  INVALID_RANGE: 0x11,
  MALFORMED_TRACK: 0x12,
  INVALID_JOINING_REQUEST_ID: 0x32,
} as const;
export type FetchErrorCode16 = (typeof FetchErrorCode16)[keyof typeof FetchErrorCode16];
