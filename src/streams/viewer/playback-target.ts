// What `viewer.play(x)` means: a live input id (`lv_…`), a MoQT namespace path
// (`stream/<org>/<input_id>`), or a signed playback URL (`…/playback/<id>?tok=…`).
import { BroadcastViewerError, BroadcastViewerErrorCode } from "../broadcast-errors.ts";
import { sessionTarget } from "../relay-url.ts";

export interface PlaybackTarget {
  readonly url: string;
  readonly token: string | undefined;
  /** MoQT namespace of the stream: `stream/<org>/<input_id>`. */
  readonly namespace: string;
}

/** Reads the claims of a JWT without verifying it (the relay verifies). */
function jwtClaims(token: string | undefined): Record<string, unknown> {
  const part = token?.split(".")[1];
  if (part === undefined) return {};
  try {
    const json = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
    const v: unknown = JSON.parse(json);
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function namespaceFor(id: string, token: string | undefined, explicit: string | undefined): string {
  if (explicit !== undefined) return explicit;
  const claims = jwtClaims(token);
  if (typeof claims.ns === "string") return claims.ns;
  if (typeof claims.org === "string") return `stream/${claims.org}/${id}`;
  throw new BroadcastViewerError(
    BroadcastViewerErrorCode.INVALID_ARGUMENT,
    `cannot tell the namespace of ${id}: pass a playback token (it names the org), a namespace path stream/<org>/${id}, or { namespace }`,
  );
}

export function playbackTarget(
  source: string,
  relayUrl: string | undefined,
  token: string | undefined,
  namespace: string | undefined,
): PlaybackTarget {
  if (typeof source !== "string" || source === "") {
    throw new BroadcastViewerError(
      BroadcastViewerErrorCode.INVALID_ARGUMENT,
      "play() needs a live input id, a namespace path or a playback URL",
    );
  }
  if (/^(https?|wss?):\/\//.test(source)) {
    const u = new URL(source);
    const m = /^\/playback\/([^/]+)$/.exec(u.pathname);
    if (m === null) {
      // A MoQT endpoint URL: the namespace must be given.
      return { url: u.href, token, namespace: namespaceFor("", token, namespace) };
    }
    const id = decodeURIComponent(m[1]!);
    const tok = u.searchParams.get("tok") ?? token;
    return {
      url: u.href,
      token: undefined,
      namespace: namespaceFor(id, tok ?? undefined, namespace),
    };
  }
  if (relayUrl === undefined) {
    throw new BroadcastViewerError(
      BroadcastViewerErrorCode.INVALID_ARGUMENT,
      `play("${source}") needs a relayUrl (or a full playback URL)`,
    );
  }
  const parts = source.split("/");
  const id = parts[parts.length - 1]!;
  const ns = parts.length > 1 ? source : namespaceFor(id, token, namespace);
  const t = sessionTarget(relayUrl, "playback", id, token);
  return { url: t.url, token: t.token, namespace: ns };
}
