// The relay's stream resolver refuses a bad stream key or playback token by
// closing the session with a draft auth code (§"Termination": UNAUTHORIZED 0x2,
// MALFORMED_AUTH_TOKEN 0x16, EXPIRED_AUTH_TOKEN 0x18) and a reason phrase
// starting with "auth_failed".
import { SessionErrorCode } from "../moqt/wire/error-codes.ts";
import { StreamsError, StreamsErrorCode } from "./errors.ts";

const AUTH_CODES: ReadonlySet<number> = new Set([
  SessionErrorCode.UNAUTHORIZED,
  SessionErrorCode.MALFORMED_AUTH_TOKEN,
  SessionErrorCode.EXPIRED_AUTH_TOKEN,
]);

/**
 * The StreamsError `auth_failed` for a MoQT session close that refused the
 * session's credentials, or undefined for any other close.
 */
export function authFailedError(close: {
  readonly code: number;
  readonly reason: string;
}): StreamsError | undefined {
  if (!AUTH_CODES.has(close.code)) return undefined;
  const expired = close.code === SessionErrorCode.EXPIRED_AUTH_TOKEN;
  return new StreamsError(StreamsErrorCode.AUTH_FAILED, close.reason || "auth_failed", {
    reason: expired ? "expired" : "auth_failed",
  });
}
