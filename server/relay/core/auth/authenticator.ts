// Where tokens come from and what a refusal looks like on the wire:
// draft-14/16 §"AUTHORIZATION TOKEN" (setup and message parameters) and
// §"Termination" (UNAUTHORIZED, MALFORMED_AUTH_TOKEN, EXPIRED_AUTH_TOKEN).

import {
  MoqtRequestError,
  MoqtSessionError,
  RequestErrorName,
} from "../../../../src/moqt/session/index.ts";
import type { ClientSetup } from "../../../../src/moqt/wire/control/session/setup.ts";
import type { AuthToken, MessageParameters } from "../../../../src/moqt/wire/index.ts";
import { SessionErrorCode } from "../../../../src/moqt/wire/index.ts";
import type { RelayClock } from "../clock.ts";
import { ALLOW_ALL, type Grant } from "./grant.ts";
import { type JwtAuthOptions, JwtVerifier, type TokenProblem, TokenRefused } from "./jwt.ts";

/**
 * Token Type of a relay JWT in an AUTHORIZATION TOKEN parameter. §"AUTHORIZATION
 * TOKEN": type 0 means "negotiated out-of-band", which README.md does (a JWS
 * compact JWT as UTF-8 bytes).
 */
export const JWT_TOKEN_TYPE = 0;

/** The query parameter that may carry the JWT (WebTransport URL `?jwt=`). */
export const JWT_QUERY_PARAMETER = "jwt";

/** `{ mode: "none" }` for local development, or JWT verification. */
export type AuthOptions = { readonly mode: "none" } | ({ readonly mode: "jwt" } & JwtAuthOptions);

const DECODER = new TextDecoder("utf-8", { fatal: true });

const SESSION_CODE: Readonly<Record<TokenProblem, number>> = {
  malformed: SessionErrorCode.MALFORMED_AUTH_TOKEN,
  expired: SessionErrorCode.EXPIRED_AUTH_TOKEN,
  unauthorized: SessionErrorCode.UNAUTHORIZED,
};

const REQUEST_ERROR: Readonly<Record<TokenProblem, RequestErrorName>> = {
  malformed: RequestErrorName.MALFORMED_AUTH_TOKEN,
  expired: RequestErrorName.EXPIRED_AUTH_TOKEN,
  unauthorized: RequestErrorName.UNAUTHORIZED,
};

function jwtText(token: AuthToken & { tokenType: number; value: Uint8Array }): string {
  if (token.tokenType !== JWT_TOKEN_TYPE) {
    throw new TokenRefused("malformed", `unsupported token type ${token.tokenType}`);
  }
  try {
    return DECODER.decode(token.value);
  } catch {
    throw new TokenRefused("malformed", "token is not UTF-8");
  }
}

/** Turns presented tokens into grants, or into the error the drafts call for. */
export class Authenticator {
  private readonly verifier: JwtVerifier | undefined;

  constructor(options: AuthOptions, clock: RelayClock) {
    this.verifier = options.mode === "jwt" ? new JwtVerifier(options, clock) : undefined;
  }

  /** False in the no-auth mode. */
  get enabled(): boolean {
    return this.verifier !== undefined;
  }

  /**
   * The grants of a new session, from CLIENT_SETUP tokens and `?jwt=`. Throws a
   * MoqtSessionError that refuses the session with its termination code.
   */
  async forSetup(setup: ClientSetup, query: URLSearchParams): Promise<Grant[]> {
    const verifier = this.verifier;
    if (verifier === undefined) return [ALLOW_ALL];
    const texts: string[] = query.getAll(JWT_QUERY_PARAMETER);
    const refusals: TokenRefused[] = [];
    for (const t of setup.parameters.authorizationTokens ?? []) {
      // §"AUTHORIZATION TOKEN": DELETE or USE_ALIAS in CLIENT_SETUP is a PROTOCOL_VIOLATION.
      if (t.aliasType === "delete" || t.aliasType === "useAlias") {
        throw MoqtSessionError.protocolViolation(`token alias type ${t.aliasType} in CLIENT_SETUP`);
      }
      // §"AUTHORIZATION TOKEN" (setup): a REGISTER over the cache size is treated as USE_VALUE.
      try {
        texts.push(jwtText(t));
      } catch (e) {
        if (!(e instanceof TokenRefused)) throw e;
        refusals.push(e);
      }
    }
    const grants = await this.verifyAll(verifier, texts, refusals);
    if (grants.length > 0) return grants;
    const first = refusals[0];
    if (first === undefined) {
      throw new MoqtSessionError(SessionErrorCode.UNAUTHORIZED, "no authorization token");
    }
    throw new MoqtSessionError(SESSION_CODE[first.problem], first.message);
  }

  /**
   * Extra grants from a request's own AUTHORIZATION TOKEN parameters (USE_VALUE).
   * The relay keeps no token cache (MAX_AUTH_TOKEN_CACHE_SIZE 0), so REGISTER and
   * alias references end the session; an invalid token rejects the request.
   */
  async forRequest(params: MessageParameters): Promise<Grant[]> {
    const verifier = this.verifier;
    const tokens = params.authorizationTokens ?? [];
    if (verifier === undefined || tokens.length === 0) return [];
    const texts: string[] = [];
    for (const t of tokens) {
      // §"AUTHORIZATION TOKEN": a registration over MAX_AUTH_TOKEN_CACHE_SIZE ends the session.
      if (t.aliasType === "register") {
        throw new MoqtSessionError(
          SessionErrorCode.AUTH_TOKEN_CACHE_OVERFLOW,
          "the relay keeps no token cache",
        );
      }
      if (t.aliasType !== "useValue") {
        throw new MoqtSessionError(
          SessionErrorCode.UNKNOWN_AUTH_TOKEN_ALIAS,
          `token alias ${t.alias} is not registered`,
        );
      }
      try {
        texts.push(jwtText(t));
      } catch (e) {
        if (!(e instanceof TokenRefused)) throw e;
        throw MoqtRequestError.reject(REQUEST_ERROR[e.problem], e.message);
      }
    }
    const refusals: TokenRefused[] = [];
    const grants = await this.verifyAll(verifier, texts, refusals);
    const first = refusals[0];
    if (first !== undefined)
      throw MoqtRequestError.reject(REQUEST_ERROR[first.problem], first.message);
    return grants;
  }

  private async verifyAll(
    verifier: JwtVerifier,
    texts: readonly string[],
    refusals: TokenRefused[],
  ): Promise<Grant[]> {
    const grants: Grant[] = [];
    for (const text of texts) {
      try {
        grants.push(await verifier.verify(text));
      } catch (e) {
        if (!(e instanceof TokenRefused)) throw e;
        refusals.push(e);
      }
    }
    return grants;
  }
}

/** The request error for an access decision other than "allow". */
export function accessError(decision: "unauthorized" | "expired", what: string): MoqtRequestError {
  return decision === "expired"
    ? MoqtRequestError.reject(RequestErrorName.EXPIRED_AUTH_TOKEN, `token expired (${what})`)
    : MoqtRequestError.reject(RequestErrorName.UNAUTHORIZED, `not authorized: ${what}`);
}
