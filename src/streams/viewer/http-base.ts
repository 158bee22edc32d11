// Where the viewer's HTTPS endpoints (VOD files, LL-HLS playlists) live: the
// `apiBase` option ("" = the page's origin), else the relay's origin, whose TCP
// side is plain HTTP on a loopback dev server (as for the WebSocket fallback).
import { isLoopbackHost } from "../../transport/loopback.ts";

/** Absolute base URL (no trailing slash) for the viewer's HTTP requests. */
export function httpBase(apiBase: string | undefined, relayUrl: string | undefined): string {
  const page = globalThis.location?.href;
  if (apiBase !== undefined || relayUrl === undefined) {
    return new URL(apiBase ?? "", page).href.replace(/\/$/, "");
  }
  const u = new URL(relayUrl);
  if (u.protocol === "wss:" || u.protocol === "ws:")
    u.protocol = u.protocol === "wss:" ? "https:" : "http:";
  if (u.protocol === "https:" && isLoopbackHost(u.hostname)) u.protocol = "http:";
  return u.origin;
}

/** The catalog.json URL of VOD playback id `playbackId`. */
export function vodCatalogUrl(base: string, playbackId: string): string {
  return `${base}/vod/${encodeURIComponent(playbackId)}/catalog.json`;
}
