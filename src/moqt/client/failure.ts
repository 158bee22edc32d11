// Translation of what ends a connection attempt or a session into the client's
// errors, deciding which conditions are worth another dial (the boundary rule).
import { ConnectError, ConnectFailure } from "../../transport/connect-errors.ts";
import { TransportError, TransportErrorCode } from "../../transport/errors.ts";
import type { MoqtCloseInfo } from "../session/closer.ts";
import { MoqtSessionError } from "../session/errors.ts";
import { SessionErrorCode, sessionErrorName } from "../wire/error-codes.ts";
import { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";

const C = MoqtClientErrorCode;
const E = SessionErrorCode;

/** Session termination codes no retry can fix, and what they mean to the app. */
const FATAL_TERMINATIONS: ReadonlyMap<number, MoqtClientErrorCode> = new Map<
  number,
  MoqtClientErrorCode
>([
  [E.UNAUTHORIZED, C.AUTH_REFUSED],
  [E.MALFORMED_AUTH_TOKEN, C.AUTH_REFUSED],
  [E.EXPIRED_AUTH_TOKEN, C.AUTH_REFUSED],
  [E.VERSION_NEGOTIATION_FAILED, C.VERSION_MISMATCH],
  [E.INVALID_PATH, C.MALFORMED_URL],
  [E.MALFORMED_PATH, C.MALFORMED_URL],
  [E.INVALID_AUTHORITY, C.MALFORMED_URL],
  [E.MALFORMED_AUTHORITY, C.MALFORMED_URL],
]);

/**
 * The client error for a session that ended (or was refused) with termination
 * `code`. `refreshableToken`: an expired token is retried because the token
 * source can return a new one.
 */
export function terminationError(
  code: number,
  reason: string,
  during: "connect" | "session",
  refreshableToken: boolean,
  cause?: unknown,
): MoqtClientError {
  const name = sessionErrorName(code);
  const detail = reason === "" ? name : `${name}: ${reason}`;
  const fatalCode = FATAL_TERMINATIONS.get(code);
  if (fatalCode !== undefined && !(refreshableToken && code === E.EXPIRED_AUTH_TOKEN)) {
    return new MoqtClientError(fatalCode, `relay refused the session (${detail})`, {
      fatal: true,
      cause,
    });
  }
  return during === "connect"
    ? new MoqtClientError(C.CONNECT_FAILED, `connecting failed (${detail})`, { cause })
    : new MoqtClientError(C.CONNECTION_LOST, `session ended (${detail})`, { cause });
}

/** What a transport failure no retry can fix means to the app. */
const FATAL_CONNECT: Readonly<Partial<Record<ConnectFailure, MoqtClientErrorCode>>> = {
  [ConnectFailure.INVALID_URL]: C.MALFORMED_URL,
  [ConnectFailure.UNSUPPORTED]: C.TRANSPORT_UNSUPPORTED,
  [ConnectFailure.TLS]: C.CONNECT_REJECTED,
  [ConnectFailure.REJECTED]: C.CONNECT_REJECTED,
};

/** Why a dial or SETUP attempt failed; `fatal` when retrying cannot help. */
export function connectFailure(e: unknown, refreshableToken: boolean): MoqtClientError {
  if (e instanceof MoqtClientError) return e;
  if (e instanceof MoqtSessionError) {
    return terminationError(e.termination, e.reason, "connect", refreshableToken, e);
  }
  if (e instanceof ConnectError) {
    // ABORTED is this client's own doing (timeout, close): retried unless closing.
    const fatalCode = e.retryable ? undefined : FATAL_CONNECT[e.failure];
    if (fatalCode !== undefined) {
      return new MoqtClientError(fatalCode, e.message, { fatal: true, cause: e });
    }
    return new MoqtClientError(C.CONNECT_FAILED, `connecting failed (${e.message})`, { cause: e });
  }
  if (e instanceof TransportError && e.code === TransportErrorCode.UNSUPPORTED) {
    return new MoqtClientError(C.TRANSPORT_UNSUPPORTED, e.message, { fatal: true, cause: e });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new MoqtClientError(C.CONNECT_FAILED, `connecting failed (${message})`, { cause: e });
}

/** Why an established session ended (anything but a local `close()`). */
export function sessionEnd(info: MoqtCloseInfo, refreshableToken: boolean): MoqtClientError {
  return terminationError(info.code, info.reason, "session", refreshableToken);
}
