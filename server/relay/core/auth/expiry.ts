// A session's authorization ends with its tokens (draft-14/16 §"Termination":
// EXPIRED_AUTH_TOKEN).
import type { MoqtSession } from "../../../../src/moqt/session/index.ts";
import { SessionErrorCode } from "../../../../src/moqt/wire/index.ts";
import type { RelayClock } from "../clock.ts";
import type { Grant } from "./grant.ts";

/**
 * Seeds: playback tokens are clamped, and viewers re-mint and re-open before expiry.
 * When every grant of a session has an `exp`, the session is closed with
 * EXPIRED_AUTH_TOKEN (§"Termination") once the last one passed, ending what it
 * publishes and receives; the client reconnects with a fresh token.
 */
export function closeAtExpiry(
  session: MoqtSession,
  grants: readonly Grant[],
  clock: RelayClock,
): void {
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const g of grants) {
    if (g.expiresAtMs === undefined) return;
    lastMs = Math.max(lastMs, g.expiresAtMs);
  }
  if (grants.length === 0) return;
  const timer = clock.setTimeout(
    () => session.close(SessionErrorCode.EXPIRED_AUTH_TOKEN, "authorization token expired"),
    Math.max(0, lastMs - clock.nowMs()),
  );
  const clear = () => clock.clearTimeout(timer);
  session.closed.then(clear, clear);
}
