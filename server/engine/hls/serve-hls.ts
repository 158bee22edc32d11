// LL-HLS over HTTP on the dev server's TCP port (seed 002 "Fallback"):
//   /hls/<id>/index.m3u8                  multivariant playlist (from the catalog)
//   /hls/<id>/<track>/index.m3u8          media playlist, blocking with _HLS_msn/_HLS_part
//   /hls/<id>/<track>/init.mp4            CMAF init segment
//   /hls/<id>/<track>/<msn>.<part>.m4s    Partial Segment (one relayed fragment; blocks when hinted)
//   /hls/<id>/<track>/<msn>.m4s           Media Segment
// Every request carries the playback token as ?tok=, checked like the relay does.
import type { HlsBroadcast } from "./hls-broadcast.ts";
import { multivariantPlaylist } from "./multivariant.ts";

/** Path prefix of the LL-HLS routes. */
export const HLS_PREFIX = "/hls/";

/** A refused request: HTTP status and why. */
export interface HlsRefusal {
  readonly status: 400 | 401 | 403 | 404;
  readonly message: string;
}

/** What the routes need from the server. */
export interface HlsRoutes {
  readonly cors: Record<string, string>;
  /** Checks `token` for broadcast `id`; a refusal, or undefined when allowed. */
  authorize(id: string, token: string | null): Promise<HlsRefusal | undefined>;
  /** The HLS view of broadcast `id` (starting its feed if needed), or undefined when unknown. */
  broadcast(id: string): Promise<HlsBroadcast | undefined>;
  /** Longest a request waits for a catalog, playlist update or hinted part; default 6 s. */
  readonly holdMs?: number;
}

const PLAYLIST = "application/vnd.apple.mpegurl";

function reply(
  routes: HlsRoutes,
  status: number,
  body: string | Uint8Array | null,
  type = "text/plain; charset=utf-8",
  cache = "no-store",
): Response {
  const text = typeof body === "string" ? `${body}${body.endsWith("\n") ? "" : "\n"}` : body;
  return new Response(text as BodyInit | null, {
    status,
    headers: { ...routes.cors, "content-type": type, "cache-control": cache },
  });
}

function parseBlocking(url: URL): { msn?: number; part?: number } | string {
  const msn = url.searchParams.get("_HLS_msn");
  const part = url.searchParams.get("_HLS_part");
  if (msn === null) return part === null ? {} : "_HLS_part needs _HLS_msn";
  const valid = (v: string) => /^\d{1,9}$/.test(v);
  if (!valid(msn) || (part !== null && !valid(part))) return "_HLS_msn/_HLS_part must be integers";
  return { msn: Number(msn), ...(part !== null && { part: Number(part) }) };
}

async function mediaPlaylist(
  routes: HlsRoutes,
  b: HlsBroadcast,
  trackName: string,
  url: URL,
  query: string,
): Promise<Response> {
  const track = b.track(trackName);
  if (track === undefined) return reply(routes, 404, `no track ${trackName}`);
  const blocking = parseBlocking(url);
  if (typeof blocking === "string") return reply(routes, 400, blocking);
  if (blocking.msn !== undefined) {
    // §6.2.5.2: a request more than two segments ahead of the last one is an error.
    if (blocking.msn > track.lastMsn + 2) {
      return reply(routes, 400, `_HLS_msn ${blocking.msn} is too far ahead of ${track.lastMsn}`);
    }
    const pos = { msn: blocking.msn, ...(blocking.part !== undefined && { part: blocking.part }) };
    if (!(await track.waitFor(pos, routes.holdMs ?? 6000))) {
      return reply(routes, 503, "the requested playlist update did not arrive in time");
    }
  }
  return reply(routes, 200, track.playlist(query), PLAYLIST);
}

async function media(
  routes: HlsRoutes,
  b: HlsBroadcast,
  trackName: string,
  file: string,
): Promise<Response> {
  const track = b.track(trackName);
  if (track === undefined) return reply(routes, 404, `no track ${trackName}`);
  if (file === "init.mp4") return reply(routes, 200, track.init, "video/mp4", "max-age=60");
  const m = /^(\d+)(?:\.(\d+))?\.m4s$/.exec(file);
  if (m === null) return reply(routes, 404, "not found");
  const msn = Number(m[1]);
  if (m[2] === undefined) {
    const seg = track.segment(msn);
    return seg === undefined
      ? reply(routes, 404, `segment ${msn} is not available`)
      : reply(routes, 200, seg, "video/iso.segment", "max-age=60");
  }
  const part = Number(m[2]);
  // A part announced by EXT-X-PRELOAD-HINT is answered as soon as it exists.
  if (msn <= track.lastMsn + 1) await track.waitFor({ msn, part }, routes.holdMs ?? 6000);
  const bytes = track.part(msn, part);
  return bytes === undefined
    ? reply(routes, 404, `part ${msn}.${part} is not available`)
    : reply(routes, 200, bytes, "video/iso.segment", "max-age=60");
}

/** Serves `req` when its path is under /hls/; undefined otherwise. */
export function handleHls(req: Request, routes: HlsRoutes): Promise<Response> | undefined {
  const url = new URL(req.url);
  if (!url.pathname.startsWith(HLS_PREFIX)) return undefined;
  return serve(req, url, routes);
}

async function serve(req: Request, url: URL, routes: HlsRoutes): Promise<Response> {
  if (req.method === "OPTIONS") return reply(routes, 204, null);
  if (req.method !== "GET" && req.method !== "HEAD") return reply(routes, 405, "use GET");
  const parts = url.pathname.slice(HLS_PREFIX.length).split("/").map(decodeURIComponent);
  const id = parts[0] ?? "";
  const token = url.searchParams.get("tok");
  const refused = await routes.authorize(id, token);
  if (refused !== undefined) return reply(routes, refused.status, refused.message);
  const b = await routes.broadcast(id);
  if (b === undefined) return reply(routes, 404, `no live broadcast ${id}`);
  if (!(await b.whenReady(routes.holdMs ?? 6000))) {
    return reply(routes, 404, `broadcast ${id} has no catalog yet`);
  }
  const query = token === null ? "" : `?tok=${encodeURIComponent(token)}`;
  const rest = parts.slice(1);
  if (rest.length === 1 && rest[0] === "index.m3u8") {
    return reply(routes, 200, multivariantPlaylist(b.catalog, query), PLAYLIST);
  }
  const file = rest.at(-1) ?? "";
  const trackName = rest.slice(0, -1).join("/");
  if (file === "index.m3u8") return mediaPlaylist(routes, b, trackName, url, query);
  return media(routes, b, trackName, file);
}
