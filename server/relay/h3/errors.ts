/** HTTP/3 error codes (RFC 9114 §8.1, RFC 9204 §6) used to close connections and streams. */
export const H3Error = {
  NO_ERROR: 0x100,
  GENERAL_PROTOCOL_ERROR: 0x101,
  INTERNAL_ERROR: 0x102,
  STREAM_CREATION_ERROR: 0x103,
  CLOSED_CRITICAL_STREAM: 0x104,
  FRAME_UNEXPECTED: 0x105,
  FRAME_ERROR: 0x106,
  EXCESSIVE_LOAD: 0x107,
  ID_ERROR: 0x108,
  SETTINGS_ERROR: 0x109,
  MISSING_SETTINGS: 0x10a,
  REQUEST_REJECTED: 0x10b,
  MESSAGE_ERROR: 0x10e,
  QPACK_DECOMPRESSION_FAILED: 0x200,
} as const;

/** WebTransport error codes (draft-ietf-webtrans-http3 §9.5). */
export const WtError = {
  BUFFERED_STREAM_REJECTED: 0x3994bd84,
  SESSION_GONE: 0x170d7b68,
  FLOW_CONTROL_ERROR: 0x045d4487,
  ALPN_ERROR: 0x0817b3dd,
  REQUIREMENTS_NOT_MET: 0x212c0d48,
} as const;

/** First HTTP/3 code of the WT_APPLICATION_ERROR range (draft-ietf-webtrans-http3 §4.4). */
const WT_APPLICATION_ERROR_FIRST = 0x52e4a40fa8db;

/** Maps a 32-bit WebTransport stream error code to its HTTP/3 code (draft §4.4). */
export function webTransportCodeToHttp(code: number): number {
  if (!Number.isInteger(code) || code < 0 || code > 0xffffffff) throw new RangeError("bad code");
  return WT_APPLICATION_ERROR_FIRST + code + Math.floor(code / 0x1e);
}

/**
 * Maps an HTTP/3 stream error code back to a WebTransport code, or
 * `undefined` when it lies outside the WT_APPLICATION_ERROR range or on a
 * reserved codepoint (draft §4.4).
 */
export function httpCodeToWebTransport(code: number): number | undefined {
  const last = webTransportCodeToHttp(0xffffffff);
  if (code < WT_APPLICATION_ERROR_FIRST || code > last) return undefined;
  if ((code - 0x21) % 0x1f === 0) return undefined;
  const shifted = code - WT_APPLICATION_ERROR_FIRST;
  return shifted - Math.floor(shifted / 0x1f);
}

/**
 * Error raised by session operations after the session has ended. Shaped like
 * W3C `WebTransportError` with `source: "session"`, so callers (the SDK's
 * session layer) tell a session teardown from a stream reset the same way.
 */
export class SessionClosedError extends Error {
  readonly source = "session" as const;
  readonly streamErrorCode = null;

  constructor(message = "WebTransport session closed") {
    super(message);
    this.name = "SessionClosedError";
  }
}
