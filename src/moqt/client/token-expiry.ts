// Token refresh before expiry (seeds: viewers "re-mint and re-open before
// expiry"; the relay ends a session at its token's `exp`). MoQT has no way to
// replace a session's setup token in place (draft-14/16 §"AUTHORIZATION TOKEN"
// only adds tokens to single requests), so the client asks `token()` for a
// fresh one ahead of `exp` and moves every track to a new session with it.

/** The JWT's `exp` in ms since the epoch, read without verifying; undefined when it has none. */
export function jwtExpiryMs(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const b64 = payload.replaceAll("-", "+").replaceAll("_", "/");
    const claims: unknown = JSON.parse(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, "=")));
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How long before `expMs` to refresh: a fifth of the time left, between 1 s and
 * 30 s; undefined when less than that is left (the relay's EXPIRED_AUTH_TOKEN
 * close and the reconnect that follows take over).
 */
export function refreshDelayMs(expMs: number, nowMs: number): number | undefined {
  const leftMs = expMs - nowMs;
  const leadMs = Math.min(30_000, Math.max(1_000, leftMs / 5));
  return leftMs > leadMs ? leftMs - leadMs : undefined;
}
