// How the resolver refuses: the session closes with the draft's auth termination
// code (§"Termination": UNAUTHORIZED 0x2, MALFORMED_AUTH_TOKEN 0x16,
// EXPIRED_AUTH_TOKEN 0x18) and a reason phrase starting with "auth_failed", which
// the SDK maps to StreamsError code `auth_failed`.
import { MoqtSessionError } from "../../../src/moqt/session/index.ts";
import { SessionErrorCode } from "../../../src/moqt/wire/index.ts";
import type { PlaybackProblem } from "../streams/playback-token.ts";

/** The reason-phrase prefix of every stream-auth refusal. */
export const AUTH_FAILED = "auth_failed";

const CODE: Readonly<Record<PlaybackProblem, number>> = {
  unauthorized: SessionErrorCode.UNAUTHORIZED,
  malformed: SessionErrorCode.MALFORMED_AUTH_TOKEN,
  expired: SessionErrorCode.EXPIRED_AUTH_TOKEN,
};

/** The error that closes a session for `why`. */
export function authFailed(
  why: string,
  problem: PlaybackProblem = "unauthorized",
): MoqtSessionError {
  return new MoqtSessionError(CODE[problem], `${AUTH_FAILED}: ${why}`);
}
