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
