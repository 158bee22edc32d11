/** draft-14 and draft-16 §"Session Termination Error Codes" (identical in both). */
export const SessionErrorCode = {
  NO_ERROR: 0x0,
  INTERNAL_ERROR: 0x1,
  UNAUTHORIZED: 0x2,
  PROTOCOL_VIOLATION: 0x3,
  INVALID_REQUEST_ID: 0x4,
  DUPLICATE_TRACK_ALIAS: 0x5,
  KEY_VALUE_FORMATTING_ERROR: 0x6,
  TOO_MANY_REQUESTS: 0x7,
  INVALID_PATH: 0x8,
  MALFORMED_PATH: 0x9,
  GOAWAY_TIMEOUT: 0x10,
  CONTROL_MESSAGE_TIMEOUT: 0x11,
  DATA_STREAM_TIMEOUT: 0x12,
  AUTH_TOKEN_CACHE_OVERFLOW: 0x13,
  DUPLICATE_AUTH_TOKEN_ALIAS: 0x14,
  VERSION_NEGOTIATION_FAILED: 0x15,
  MALFORMED_AUTH_TOKEN: 0x16,
  UNKNOWN_AUTH_TOKEN_ALIAS: 0x17,
  EXPIRED_AUTH_TOKEN: 0x18,
  INVALID_AUTHORITY: 0x19,
  MALFORMED_AUTHORITY: 0x1a,
} as const;
export type SessionErrorCode = (typeof SessionErrorCode)[keyof typeof SessionErrorCode];

/** Human name of a session termination code, for logs and error messages. */
export function sessionErrorName(code: number): string {
  for (const [name, value] of Object.entries(SessionErrorCode)) if (value === code) return name;
  return `0x${code.toString(16)}`;
}

/**
 * Data stream reset / STOP_SENDING codes: draft-14 and draft-16 §"Closing Subgroup
 * Streams" (IANA "Data Stream Reset Error Codes"). UNKNOWN_OBJECT_STATUS and
 * MALFORMED_TRACK are draft-16 only.
 */
export const StreamResetCode = {
  INTERNAL_ERROR: 0x0,
  CANCELLED: 0x1,
  DELIVERY_TIMEOUT: 0x2,
  SESSION_CLOSED: 0x3,
  UNKNOWN_OBJECT_STATUS: 0x4,
  MALFORMED_TRACK: 0x12,
} as const;
export type StreamResetCode = (typeof StreamResetCode)[keyof typeof StreamResetCode];
