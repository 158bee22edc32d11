// The JWT claim format (README.md "Auth"): a `moqt` object with `pub` and `sub`
// lists of namespace prefixes written as "/"-separated paths.
//   { "sub": "robot-42", "exp": 1767225600,
//     "moqt": { "pub": ["robot/turtlebot4-001"], "sub": ["robot/", "ctl/robot-42"] } }
// "" (or "/") is the root prefix: every namespace.
import type { JWTPayload } from "jose";
import { namespaceFromPath, type TrackNamespace } from "../names.ts";
import type { Grant } from "./grant.ts";

/** The name of the claim holding the relay rights. */
export const MOQT_CLAIM = "moqt";

/** The `moqt` claim as it appears in a token. */
export interface MoqtClaim {
  readonly pub?: readonly string[];
  readonly sub?: readonly string[];
}

/** The claim set is not in the documented format. */
export class ClaimFormatError extends Error {}

function prefixes(value: unknown, field: string): TrackNamespace[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new ClaimFormatError(`${MOQT_CLAIM}.${field} must be an array of strings`);
  }
  return value.map((path: string) => namespaceFromPath(path));
}

/** The grant a verified payload carries. Throws ClaimFormatError for a malformed `moqt` claim. */
export function grantFromClaims(payload: JWTPayload): Grant {
  const claim = payload[MOQT_CLAIM];
  if (
    claim !== undefined &&
    (typeof claim !== "object" || claim === null || Array.isArray(claim))
  ) {
    throw new ClaimFormatError(`${MOQT_CLAIM} must be an object`);
  }
  const c = (claim ?? {}) as Record<string, unknown>;
  const grant: {
    pub: TrackNamespace[];
    sub: TrackNamespace[];
    expiresAtMs?: number;
    subject?: string;
  } = { pub: prefixes(c.pub, "pub"), sub: prefixes(c.sub, "sub") };
  if (typeof payload.exp === "number") grant.expiresAtMs = payload.exp * 1000;
  if (typeof payload.sub === "string") grant.subject = payload.sub;
  return grant;
}
