import type { MoqTransport } from "../../transport/types.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { CloseReason, MoqtSessionError } from "./errors.ts";

/**
 * How long a stream failure waits for the session close that may explain it:
 * a close tears streams down, and the two signals can arrive in either order.
 */
export const CLOSE_GRACE_MS = 50;

/**
 * The session error behind a stream failure: the peer's close (its code and
 * reason) or a lost connection, if either happens within `graceMs`; otherwise
 * `fallback`.
 */
export async function explainStreamFailure(
  transport: MoqTransport,
  fallback: MoqtSessionError,
  graceMs = CLOSE_GRACE_MS,
): Promise<MoqtSessionError> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<MoqtSessionError>((resolve) => {
    timer = setTimeout(() => resolve(fallback), graceMs);
  });
  const ended = transport.closed.then(
    (i) => new MoqtSessionError(i.closeCode, i.reason),
    () => new MoqtSessionError(SessionErrorCode.INTERNAL_ERROR, CloseReason.TRANSPORT_LOST),
  );
  try {
    return await Promise.race([ended, late]);
  } finally {
    clearTimeout(timer);
  }
}
