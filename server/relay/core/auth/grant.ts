// What one verified token (or the no-auth mode) allows: namespace prefixes a
// session may publish under and subscribe to. Matching is field by field, as
// draft-14/16 §"Publisher Interactions" match namespaces.
import { namespaceHasPrefix, type TrackNamespace } from "../names.ts";

/** The two things a grant can allow. */
export type Action = "publish" | "subscribe";

/** Outcome of checking one action against a set of grants. */
export type AccessDecision = "allow" | "unauthorized" | "expired";

/** Namespace-scoped rights from one token. */
export interface Grant {
  /** Prefixes the holder may publish under (PUBLISH_NAMESPACE, PUBLISH). */
  readonly pub: readonly TrackNamespace[];
  /** Prefixes the holder may subscribe to (SUBSCRIBE, FETCH, TRACK_STATUS, SUBSCRIBE_NAMESPACE). */
  readonly sub: readonly TrackNamespace[];
  /** When the token expires (ms since the epoch); absent: never. */
  readonly expiresAtMs?: number;
  /** The token's `sub` claim, for logs. */
  readonly subject?: string;
}

/** The grant of the no-auth mode: everything, forever. */
export const ALLOW_ALL: Grant = { pub: [[]], sub: [[]] };

/**
 * Whether `grant` covers `ns` for `action`. For a SUBSCRIBE_NAMESPACE prefix the
 * whole prefix must lie inside a granted one, which is the same test.
 */
export function grantCovers(grant: Grant, action: Action, ns: TrackNamespace): boolean {
  const prefixes = action === "publish" ? grant.pub : grant.sub;
  return prefixes.some((p) => namespaceHasPrefix(ns, p));
}

/**
 * The decision for `action` on `ns` given every grant a request can rely on:
 * allowed when one unexpired grant covers it; "expired" when only expired ones do.
 */
export function decide(
  grants: readonly Grant[],
  action: Action,
  ns: TrackNamespace,
  nowMs: number,
): AccessDecision {
  let expired = false;
  for (const g of grants) {
    if (!grantCovers(g, action, ns)) continue;
    if (g.expiresAtMs !== undefined && g.expiresAtMs <= nowMs) expired = true;
    else return "allow";
  }
  return expired ? "expired" : "unauthorized";
}
