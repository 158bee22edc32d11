import { ClutchCallError } from "../../errors.ts";
import { SessionErrorCode, sessionErrorName } from "../wire/error-codes.ts";
import type { RequestErrorName } from "./request-error-codes.ts";

/** Stable `code`s of the errors this layer throws. */
export const MoqtErrorCode = {
  /** The session was closed with a MoqT termination code (see `termination`). */
  SESSION_CLOSED: "MOQT_SESSION_CLOSED",
  /** The peer answered the request with an error (see `errorCode`). */
  REQUEST_REJECTED: "MOQT_REQUEST_REJECTED",
  /** The request was withdrawn locally (AbortSignal) before its answer. */
  REQUEST_ABORTED: "MOQT_REQUEST_ABORTED",
  /** The peer sent GOAWAY: no new requests on this session. */
  GOING_AWAY: "MOQT_GOING_AWAY",
  /** A data stream was reset or stopped (see `streamErrorCode`). */
  STREAM_RESET: "MOQT_STREAM_RESET",
  /** A data stream buffered more than its limit without completing an Object. */
  STREAM_TOO_LARGE: "MOQT_STREAM_TOO_LARGE",
  /** The method was used in a way the protocol forbids (e.g. a second GOAWAY). */
  INVALID_USE: "MOQT_INVALID_USE",
} as const;
export type MoqtErrorCode = (typeof MoqtErrorCode)[keyof typeof MoqtErrorCode];

/** Reason phrases this layer closes sessions with. */
export const CloseReason = {
  SECOND_GOAWAY: "received a second GOAWAY",
  GOAWAY_URI_FROM_CLIENT: "GOAWAY from a client carries a URI",
  CONTROL_STREAM_ENDED: "control stream ended while the session was active",
  SETUP_EXPECTED: "expected a SETUP message first",
  SETUP_REPEATED: "SETUP after the handshake",
  SETUP_TIMEOUT: "no SETUP answer in time",
  NO_COMMON_VERSION: "no common MoQT version",
  UNOFFERED_VERSION: "server selected a version the client did not offer",
  MAX_REQUEST_ID_DECREASED: "MAX_REQUEST_ID did not increase",
  UNKNOWN_RESPONSE: "response to no outstanding request",
  WRONG_RESPONSE: "response of the wrong kind for the request",
  UNEXPECTED_MESSAGE: "message not valid here",
  SECOND_BIDI_STREAM: "unexpected bidirectional stream",
  FIN_INSIDE_OBJECT: "data stream ended inside an object",
  SERVER_SENT_PATH: "PATH setup parameter from a server",
  SERVER_SENT_AUTHORITY: "AUTHORITY setup parameter from a server",
  UNKNOWN_UPDATE_TARGET: "REQUEST_UPDATE names no existing request",
  DUPLICATE_TRACK_ALIAS: "track alias already names another track",
  NAMESPACE_DONE_UNKNOWN: "NAMESPACE_DONE before its NAMESPACE",
  TRANSPORT_LOST: "transport lost",
} as const;
export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];

/**
 * A condition that ends (or ended) the session. `termination` is the MoqT
 * session termination code it is closed with (draft §"Termination").
 */
export class MoqtSessionError extends ClutchCallError {
  readonly termination: number;
  readonly reason: string;

  constructor(termination: number, reason: string, options: { cause?: unknown } = {}) {
    super(MoqtErrorCode.SESSION_CLOSED, `${sessionErrorName(termination)}: ${reason}`, {
      fatal: true,
      ...options,
    });
    this.termination = termination;
    this.reason = reason;
  }

  /** Shorthand for the most common termination. */
  static protocolViolation(reason: string): MoqtSessionError {
    return new MoqtSessionError(SessionErrorCode.PROTOCOL_VIOLATION, reason);
  }
}

/** Fields of a `MoqtRequestError`. */
export interface MoqtRequestErrorInit {
  readonly code: MoqtErrorCode;
  /** The wire error code (REQUEST_ERROR, or the draft-14 per-request *_ERROR). */
  readonly errorCode: number;
  /** The version-neutral name of the condition, when the registry defines one. */
  readonly errorName?: RequestErrorName;
  readonly reason: string;
  /** Minimum milliseconds before retrying (draft-16 Retry Interval); absent: do not retry. */
  readonly retryIntervalMs?: number;
  readonly requestId?: number;
  readonly cause?: unknown;
}

/**
 * A request that did not succeed. `code` says why (REQUEST_REJECTED: the peer's
 * answer, with `errorCode` and `reason`; SESSION_CLOSED; REQUEST_ABORTED;
 * GOING_AWAY); `fatal` is true when the session is gone. Request handlers throw
 * one (see `MoqtRequestError.reject`) to answer with an error.
 */
export class MoqtRequestError extends ClutchCallError {
  declare readonly code: MoqtErrorCode;
  readonly errorCode: number;
  readonly errorName: RequestErrorName | undefined;
  readonly reason: string;
  readonly retryIntervalMs: number | undefined;
  readonly requestId: number | undefined;

  constructor(init: MoqtRequestErrorInit) {
    super(init.code, init.reason === "" ? init.code : init.reason, {
      fatal: init.code === MoqtErrorCode.SESSION_CLOSED,
      cause: init.cause,
    });
    this.errorCode = init.errorCode;
    this.errorName = init.errorName;
    this.reason = init.reason;
    this.retryIntervalMs = init.retryIntervalMs;
    this.requestId = init.requestId;
  }

  /**
   * The error a request handler throws to answer with an error: a neutral name
   * (translated to the negotiated draft's code for the request) or a wire code.
   */
  static reject(
    error: RequestErrorName | number,
    reason = "",
    retryIntervalMs?: number,
  ): MoqtRequestError {
    return new MoqtRequestError({
      code: MoqtErrorCode.REQUEST_REJECTED,
      ...(typeof error === "number" ? { errorCode: error } : { errorCode: -1, errorName: error }),
      reason,
      ...(retryIntervalMs !== undefined && { retryIntervalMs }),
    });
  }
}

/** A data stream ended abnormally; `streamErrorCode` is the peer's reset code, if any. */
export class MoqtStreamError extends ClutchCallError {
  readonly streamErrorCode: number | null;

  constructor(
    code: MoqtErrorCode,
    message: string,
    streamErrorCode: number | null,
    cause?: unknown,
  ) {
    super(code, message, { fatal: false, cause });
    this.streamErrorCode = streamErrorCode;
  }
}

/** A method was used in a way the protocol forbids; the session is unaffected. */
export class MoqtUsageError extends ClutchCallError {
  constructor(message: string) {
    super(MoqtErrorCode.INVALID_USE, message, { fatal: false });
  }
}
