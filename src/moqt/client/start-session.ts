// The session half of a connection attempt, in its own chunk: the session
// state machine and the control codec load while the transport dials
// (establish.ts), so an application loads them only once it connects.
import type { MoqTransport } from "../../transport/types.ts";
import { MoqtSession } from "../session/session.ts";
import type { AuthToken } from "../wire/auth-token.ts";
import { ObjectRouter } from "./object-router.ts";
import type { ResolvedClientOptions } from "./options.ts";
import { SessionLink } from "./session-link.ts";
import { jwtExpiryMs } from "./token-expiry.ts";

/** AUTHORIZATION TOKEN Token Type 0: negotiated out of band (a JWT for our relay). */
const TOKEN_TYPE_OUT_OF_BAND = 0;

function setupTokens(value: string | undefined): AuthToken[] {
  if (value === undefined || value === "") return [];
  return [
    {
      aliasType: "useValue",
      tokenType: TOKEN_TYPE_OUT_OF_BAND,
      value: new TextEncoder().encode(value),
    },
  ];
}

/** Runs the MoQT SETUP exchange on `transport` and binds a routing table to the session. */
export async function startSession(
  transport: MoqTransport,
  o: ResolvedClientOptions,
  token: string | undefined,
): Promise<SessionLink> {
  const router = new ObjectRouter();
  const session = await MoqtSession.connect(transport, {
    versions: o.versions,
    on: router.listeners(),
    handler: router.handler(),
    setupParameters: { authorizationTokens: setupTokens(token) },
    setupTimeoutMs: o.connectTimeoutMs,
  });
  return new SessionLink(session, router, token === undefined ? undefined : jwtExpiryMs(token));
}
