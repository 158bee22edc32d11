// Verifies relay tokens: JWS-signed JWTs (EdDSA / Ed25519 by default, RS256 on
// request) whose claims follow claims.ts.
import { errors, type JWTVerifyGetKey, jwtVerify, type KeyInput } from "jose";
import type { RelayClock } from "../clock.ts";
import { ClaimFormatError, grantFromClaims } from "./claims.ts";
import type { Grant } from "./grant.ts";

/** How tokens are checked. */
export interface JwtAuthOptions {
  /** The verification key (public key, JWK, secret) or a resolver (e.g. a local JWK set). */
  readonly key: KeyInput | JWTVerifyGetKey;
  /** Accepted `alg` values; default ["EdDSA", "Ed25519"]. Use ["RS256"] for RSA keys. */
  readonly algorithms?: readonly string[];
  /** Required `iss`, if any. */
  readonly issuer?: string;
  /** Required `aud`, if any. */
  readonly audience?: string | readonly string[];
  /** Allowed clock skew for `exp` / `nbf`; default 0. */
  readonly clockToleranceSeconds?: number;
}

/** Why a token was refused; maps to the drafts' *_AUTH_TOKEN / UNAUTHORIZED codes. */
export type TokenProblem = "malformed" | "expired" | "unauthorized";

/** A token that does not authorize anything. */
export class TokenRefused extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Default signature algorithms: Ed25519 under both of its JOSE names. */
export const DEFAULT_ALGORITHMS: readonly string[] = ["EdDSA", "Ed25519"];

function classify(e: unknown): TokenRefused {
  if (e instanceof TokenRefused) return e;
  if (e instanceof errors.JWTExpired) return new TokenRefused("expired", "token expired");
  if (e instanceof ClaimFormatError) return new TokenRefused("malformed", e.message);
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) {
    return new TokenRefused("malformed", "token is not a valid JWT");
  }
  if (e instanceof errors.JOSEError) return new TokenRefused("unauthorized", e.code);
  return new TokenRefused("malformed", e instanceof Error ? e.message : "unreadable token");
}

/** Checks signature, time claims, issuer and audience, then reads the grant. */
export class JwtVerifier {
  constructor(
    private readonly options: JwtAuthOptions,
    private readonly clock: RelayClock,
  ) {}

  /** The token's grant; rejects with TokenRefused. */
  async verify(token: string): Promise<Grant> {
    const o = this.options;
    try {
      const { payload } = await jwtVerify(token, o.key, {
        algorithms: [...(o.algorithms ?? DEFAULT_ALGORITHMS)],
        currentDate: new Date(this.clock.nowMs()),
        ...(o.issuer !== undefined && { issuer: o.issuer }),
        ...(o.audience !== undefined && {
          audience: typeof o.audience === "string" ? o.audience : [...o.audience],
        }),
        ...(o.clockToleranceSeconds !== undefined && { clockTolerance: o.clockToleranceSeconds }),
      });
      return grantFromClaims(payload);
    } catch (e) {
      throw classify(e);
    }
  }
}
