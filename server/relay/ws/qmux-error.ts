// QMux connection errors (qmux-02 §"QUIC Frames": the QUIC version 1 transport
// error codes of RFC 9000 §20.1, carried by CONNECTION_CLOSE 0x1c).
import { ClutchCallError } from "../../../src/errors.ts";

/** RFC 9000 §20.1 transport error codes a QMux endpoint closes with. */
export const QmuxErrorCode = {
  NO_ERROR: 0x00,
  INTERNAL_ERROR: 0x01,
  FLOW_CONTROL_ERROR: 0x03,
  STREAM_LIMIT_ERROR: 0x04,
  STREAM_STATE_ERROR: 0x05,
  FINAL_SIZE_ERROR: 0x06,
  FRAME_ENCODING_ERROR: 0x07,
  TRANSPORT_PARAMETER_ERROR: 0x08,
  PROTOCOL_VIOLATION: 0x0a,
} as const;
export type QmuxErrorCode = (typeof QmuxErrorCode)[keyof typeof QmuxErrorCode];

const NAMES = Object.fromEntries(Object.entries(QmuxErrorCode).map(([k, v]) => [v, k]));

/**
 * A QMux connection error: the peer broke the wire format or a limit, and the
 * session closes with CONNECTION_CLOSE carrying `transportCode`. Always fatal.
 */
export class QmuxError extends ClutchCallError {
  constructor(
    readonly transportCode: QmuxErrorCode,
    message: string,
    /** The frame type that caused it (CONNECTION_CLOSE's Frame Type field), 0 when unknown. */
    readonly frameType = 0,
  ) {
    super(`QMUX_${NAMES[transportCode] ?? "ERROR"}`, message, { fatal: true });
  }
}

/** Throws a FRAME_ENCODING_ERROR: bytes that do not parse as a frame. */
export function malformed(message: string, frameType = 0): never {
  throw new QmuxError(QmuxErrorCode.FRAME_ENCODING_ERROR, message, frameType);
}
