// Signed playback (seed 002 "Signed playback (JWT)"): a JWT minted from the org's
// active signing key, scoped to one broadcast, verified by the relay's stream
// resolver against the org's unrevoked keys.
import type { DatabaseSync } from "node:sqlite";
import { decodeProtectedHeader, errors, importJWK, jwtVerify, SignJWT } from "jose";
import type { LiveInputRecord } from "./live-input-store.ts";
import { activeSigningKey, createSigningKey, verificationKey } from "./signing-key-store.ts";

/** Shortest and longest token lifetime; requests outside are clamped (seed 002). */
export const PLAYBACK_TTL_SECONDS = { min: 30, max: 24 * 3600, default: 3600 } as const;

/** `iss` and `aud` of playback tokens. */
export const PLAYBACK_ISSUER = "clutchcall-engine";
export const PLAYBACK_AUDIENCE = "clutchcall-playback";

/** The MoQT namespace of a broadcast, as a "/"-separated path (seed 002 "Wire model"). */
export function streamNamespacePath(orgId: string, externalInputId: string): string {
  return `stream/${orgId}/${externalInputId}`;
}

/** The TTL actually granted for a requested one. */
export function clampTtlSeconds(requested: number | undefined): number {
  const ttl = requested ?? PLAYBACK_TTL_SECONDS.default;
  return Math.min(PLAYBACK_TTL_SECONDS.max, Math.max(PLAYBACK_TTL_SECONDS.min, Math.round(ttl)));
}

/** A minted playback token. */
export interface PlaybackToken {
  readonly token: string;
  /** ISO-8601 expiry. */
  readonly expiresAt: string;
}

/**
 * Mints a token for `input` with the org's newest unrevoked signing key, creating
 * an Ed25519 key first when the org has none.
 */
export async function mintPlaybackToken(
  db: DatabaseSync,
  input: LiveInputRecord,
  ttlSeconds: number | undefined,
  nowMs = Date.now(),
): Promise<PlaybackToken> {
  let key = activeSigningKey(db, input.org_id);
  if (key === undefined) {
    await createSigningKey(db, input.org_id, "EdDSA");
    key = activeSigningKey(db, input.org_id)!;
  }
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + clampTtlSeconds(ttlSeconds);
  const token = await new SignJWT({
    org: input.org_id,
    // The relay's generic claim format (server/README.md "Auth"): subscribe-only, one namespace.
    moqt: { sub: [streamNamespacePath(input.org_id, input.external_input_id)] },
  })
    .setProtectedHeader({ alg: key.alg, kid: key.id, typ: "JWT" })
    .setIssuer(PLAYBACK_ISSUER)
    .setAudience(PLAYBACK_AUDIENCE)
    .setSubject(input.external_input_id)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(await importJWK(key.privateJwk, key.alg));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** Why a playback token was refused. */
export type PlaybackProblem = "malformed" | "expired" | "unauthorized";

/** A refused playback token. */
export class PlaybackRefused extends Error {
  override readonly name = "PlaybackRefused";
  constructor(
    readonly problem: PlaybackProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks `token` for playback of `input`: signed by an unrevoked key of the
 * input's org with that key's own algorithm (so `alg: none` and algorithm swaps
 * fail), unexpired, issued for this very broadcast. Throws PlaybackRefused.
 */
export async function verifyPlaybackToken(
  db: DatabaseSync,
  input: LiveInputRecord,
  token: string,
  nowMs = Date.now(),
): Promise<void> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new PlaybackRefused("malformed", "playback token is not a JWT");
  }
  if (kid === undefined) throw new PlaybackRefused("unauthorized", "playback token has no kid");
  const key = verificationKey(db, input.org_id, kid);
  if (key === undefined) {
    throw new PlaybackRefused("unauthorized", `signing key ${kid} unknown or revoked`);
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, await importJWK(key.publicJwk, key.alg), {
      algorithms: [key.alg],
      issuer: PLAYBACK_ISSUER,
      audience: PLAYBACK_AUDIENCE,
      currentDate: new Date(nowMs),
      requiredClaims: ["exp", "sub"],
    }));
  } catch (e) {
    if (e instanceof errors.JWTExpired)
      throw new PlaybackRefused("expired", "playback token expired");
    if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) {
      throw new PlaybackRefused("malformed", "playback token is not a valid JWT");
    }
    throw new PlaybackRefused(
      "unauthorized",
      `playback token refused (${e instanceof errors.JOSEError ? e.code : "unverifiable"})`,
    );
  }
  if (payload.sub !== input.external_input_id || payload.org !== input.org_id) {
    throw new PlaybackRefused("unauthorized", "playback token is for another broadcast");
  }
}
