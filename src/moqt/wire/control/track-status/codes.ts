// Error codes a TRACK_STATUS can fail with. The registries are open: decoders accept
// any value, these name the ones each draft defines.

/**
 * draft-14 §"TRACK_STATUS_ERROR": populated exactly as a SUBSCRIBE_ERROR, so these are
 * the IANA "SUBSCRIBE_ERROR Codes".
 */
export const TrackStatusErrorCode14 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TIMEOUT: 0x2,
  NOT_SUPPORTED: 0x3,
  TRACK_DOES_NOT_EXIST: 0x4,
  INVALID_RANGE: 0x5,
  MALFORMED_AUTH_TOKEN: 0x10,
  EXPIRED_AUTH_TOKEN: 0x12,
} as const;
export type TrackStatusErrorCode14 =
  (typeof TrackStatusErrorCode14)[keyof typeof TrackStatusErrorCode14];

/** draft-16 §"REQUEST_ERROR" codes that answer a TRACK_STATUS (§"REQUEST_ERROR Codes"). */
export const TrackStatusErrorCode16 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TIMEOUT: 0x2,
  NOT_SUPPORTED: 0x3,
  MALFORMED_AUTH_TOKEN: 0x4,
  EXPIRED_AUTH_TOKEN: 0x5,
  DOES_NOT_EXIST: 0x10,
} as const;
export type TrackStatusErrorCode16 =
  (typeof TrackStatusErrorCode16)[keyof typeof TrackStatusErrorCode16];
