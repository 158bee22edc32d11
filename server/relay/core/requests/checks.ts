// Checks every request goes through: the per-session request limit and
// namespace authorization (§"Subscriber Interactions" / §"Publisher Interactions":
// relays MUST verify both sides are authorized).
import { MoqtRequestError, RequestErrorName } from "../../../../src/moqt/session/index.ts";
import type { MessageParameters } from "../../../../src/moqt/wire/index.ts";
import { accessError } from "../auth/authenticator.ts";
import { type Action, decide } from "../auth/grant.ts";
import type { RelayContext } from "../context.ts";
import { namespaceToPath, type TrackNamespace } from "../names.ts";
import type { RelayPeer } from "../peer.ts";

/** Throws when the session already holds `maxRequestsPerSession` live requests. */
export function checkRequestLimit(ctx: RelayContext, peer: RelayPeer): void {
  const max = ctx.options.limits.maxRequestsPerSession;
  if (peer.liveRequests < max) return;
  ctx.options.logger.log("warn", "request.limit", { session: peer.id, limit: max });
  throw MoqtRequestError.reject(
    RequestErrorName.INTERNAL_ERROR,
    `relay limit maxRequestsPerSession (${max}) reached`,
    1000,
  );
}

/**
 * Throws UNAUTHORIZED / EXPIRED_AUTH_TOKEN (or a token error) unless the session's
 * grants, plus tokens carried by the request itself, allow `action` on `ns`.
 */
export async function authorize(
  ctx: RelayContext,
  peer: RelayPeer,
  action: Action,
  ns: TrackNamespace,
  params: MessageParameters,
): Promise<void> {
  await peer.pathSession?.check?.(action, ns);
  const extra = peer.pathSession === undefined ? await ctx.auth.forRequest(params) : [];
  const decision = decide([...peer.grants, ...extra], action, ns, ctx.options.clock.nowMs());
  if (decision === "allow") return;
  const what = `${action} ${namespaceToPath(ns) || "/"}`;
  ctx.options.logger.log("warn", "request.unauthorized", { session: peer.id, what, decision });
  throw accessError(decision, what);
}
