import { ClutchCallError } from "../../errors.ts";

/** Stable `code`s of the errors `MoqtClient` and its handles throw or report. */
export const MoqtClientErrorCode = {
  /** An argument is missing, empty, of the wrong type or out of range (see the message). */
  INVALID_ARGUMENT: "MOQT_CLIENT_INVALID_ARGUMENT",
  /** An object is larger than the configured limit (`maxObjectBytes`, datagram payload). */
  OBJECT_TOO_LARGE: "MOQT_CLIENT_OBJECT_TOO_LARGE",
  /**
   * The relay stopped a publication's stream (STOP_SENDING other than CANCELLED),
   * e.g. for an Object over its size limit; the next Group goes on a new stream.
   */
  OBJECT_REFUSED: "MOQT_CLIENT_OBJECT_REFUSED",
  /** The relay ended a subscription with an error status (PUBLISH_DONE); it subscribes again. */
  SUBSCRIPTION_INTERRUPTED: "MOQT_CLIENT_SUBSCRIPTION_INTERRUPTED",
  /** The handle or client was closed; it can no longer be used. */
  CLOSED: "MOQT_CLIENT_CLOSED",
  /** Too many writes are waiting for the session (text messages while reconnecting). */
  QUEUE_OVERFLOW: "MOQT_CLIENT_QUEUE_OVERFLOW",
  /** A video track must start (and restart after a gap) with a keyframe. */
  KEYFRAME_REQUIRED: "MOQT_CLIENT_KEYFRAME_REQUIRED",
  /** The same track is already published (or subscribed) by this client. */
  DUPLICATE_TRACK: "MOQT_CLIENT_DUPLICATE_TRACK",
  /**
   * A subscription by capability found no track of that capability under its
   * namespace (after `rendezvousTimeoutMs`); it subscribes once one appears.
   */
  NO_MATCHING_TRACK: "MOQT_CLIENT_NO_MATCHING_TRACK",
  /**
   * A subscription by capability found several tracks of that capability (the
   * message names them); it waits until only one is left.
   */
  AMBIGUOUS_CAPABILITY: "MOQT_CLIENT_AMBIGUOUS_CAPABILITY",
  /**
   * A `tracks()` prefix or a subscription's namespace by capability contains
   * the prefix of a narrower one the client already watches (one SUBSCRIBE_NAMESPACE each).
   */
  PREFIX_OVERLAP: "MOQT_CLIENT_PREFIX_OVERLAP",
  /** The URL cannot be parsed, has an unsupported scheme, or the relay refused its path. */
  MALFORMED_URL: "MOQT_CLIENT_MALFORMED_URL",
  /** The relay refused the token (missing, invalid, expired or malformed). */
  AUTH_REFUSED: "MOQT_CLIENT_AUTH_REFUSED",
  /** The relay and the client have no MoQT version in common. */
  VERSION_MISMATCH: "MOQT_CLIENT_VERSION_MISMATCH",
  /** The relay refused the transport session (TLS refused, HTTP 4xx, no common protocol). */
  CONNECT_REJECTED: "MOQT_CLIENT_CONNECT_REJECTED",
  /** No transport this runtime supports can reach the relay. */
  TRANSPORT_UNSUPPORTED: "MOQT_CLIENT_TRANSPORT_UNSUPPORTED",
  /** The reconnect policy gave up (returned `null`). */
  RETRIES_EXHAUSTED: "MOQT_CLIENT_RETRIES_EXHAUSTED",
  /** Dialling or the SETUP exchange failed; the client retries. */
  CONNECT_FAILED: "MOQT_CLIENT_CONNECT_FAILED",
  /** An established session ended without `close()`; the client reconnects. */
  CONNECTION_LOST: "MOQT_CLIENT_CONNECTION_LOST",
  /** The client's own connection loop failed unexpectedly (see `cause`); the client is Failed. */
  INTERNAL: "MOQT_CLIENT_INTERNAL",
  /**
   * `token()` failed (threw, or gave a token expiring no later) when asked ahead of
   * the session token's expiry; the session ends at `exp` and reconnects.
   */
  TOKEN_REFRESH_FAILED: "MOQT_CLIENT_TOKEN_REFRESH_FAILED",
  /** The relay refused a PUBLISH or SUBSCRIBE (see `cause`). */
  REQUEST_REFUSED: "MOQT_CLIENT_REQUEST_REFUSED",
} as const;
/** One of the `MoqtClientErrorCode` values. */
export type MoqtClientErrorCode = (typeof MoqtClientErrorCode)[keyof typeof MoqtClientErrorCode];

/**
 * An error of the realtime-track client. `code` says what went wrong; `fatal`
 * says whether the object it concerns is unusable (a `Failed` client, a closed
 * handle) rather than merely reporting a condition it recovers from.
 */
export class MoqtClientError extends ClutchCallError {
  declare readonly code: MoqtClientErrorCode;

  constructor(
    code: MoqtClientErrorCode,
    message: string,
    options: { fatal?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** An INVALID_ARGUMENT error naming the argument and the problem. */
export function invalidArgument(message: string): MoqtClientError {
  return new MoqtClientError(MoqtClientErrorCode.INVALID_ARGUMENT, message);
}

/** A CLOSED error for `what` ("publication robot/odom", "client"). */
export function closedError(what: string): MoqtClientError {
  return new MoqtClientError(MoqtClientErrorCode.CLOSED, `${what} is closed`, { fatal: true });
}
