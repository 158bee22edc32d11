import { ClutchCallError } from "../errors.ts";

/** Stable codes of `TransportError`. */
export const TransportErrorCode = {
  /** The session was closed (by either side); the operation can no longer run. */
  CLOSED: "TRANSPORT_CLOSED",
  /** The connection was lost without a close. */
  LOST: "TRANSPORT_LOST",
  /** The session could not be established. */
  CONNECT_FAILED: "TRANSPORT_CONNECT_FAILED",
  /** This runtime has no such transport. */
  UNSUPPORTED: "TRANSPORT_UNSUPPORTED",
} as const;
export type TransportErrorCode = (typeof TransportErrorCode)[keyof typeof TransportErrorCode];

/** A session-level transport failure, translated from whatever the runtime threw. */
export class TransportError extends ClutchCallError {
  declare readonly code: TransportErrorCode;

  constructor(code: TransportErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { fatal: true, ...options });
  }
}

/** Where a stream error came from, as W3C `WebTransportError.source`. */
export type StreamErrorSource = "stream" | "session";

/**
 * A stream ended abnormally: reset or stopped by the peer (`source` "stream",
 * with the peer's `streamErrorCode`), or torn down with its session ("session").
 * Mirrors W3C `WebTransportError` so callers read both the same way.
 */
export class TransportStreamError extends ClutchCallError {
  readonly source: StreamErrorSource;
  readonly streamErrorCode: number | null;

  constructor(source: StreamErrorSource, streamErrorCode: number | null, message?: string) {
    super(
      source === "session" ? "TRANSPORT_SESSION_CLOSED" : "TRANSPORT_STREAM_RESET",
      message ??
        (source === "session"
          ? "stream closed with its session"
          : `stream reset with code ${streamErrorCode ?? "none"}`),
      { fatal: source === "session" },
    );
    this.source = source;
    this.streamErrorCode = streamErrorCode;
  }
}

/** The application error code an error carries (native `WebTransportError` included), or null. */
export function streamErrorCodeOf(reason: unknown): number | null {
  if (typeof reason !== "object" || reason === null) return null;
  const code = (reason as { streamErrorCode?: unknown }).streamErrorCode;
  return typeof code === "number" && Number.isInteger(code) && code >= 0 ? code : null;
}

/** True when `e` reports a stream torn down because its whole session closed. */
export function isSessionCloseError(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { source?: unknown }).source === "session";
}

type NativeErrorCtor = new (
  message?: string,
  init?: { streamErrorCode?: number | null; source?: string },
) => Error;

/**
 * The value to pass to `writable.abort()` / `readable.cancel()` so the transport
 * sends RESET_STREAM / STOP_SENDING with `code`: a native `WebTransportError`
 * where the runtime has one, a `TransportStreamError` otherwise.
 */
export function streamError(code: number, message = `stream error ${code}`): Error {
  const Native = (globalThis as { WebTransportError?: NativeErrorCtor }).WebTransportError;
  if (Native !== undefined) return new Native(message, { streamErrorCode: code });
  return new TransportStreamError("stream", code, message);
}
