// The relay URL paths of the stream resolver (seed 002 "Wire model").
import type { EngineUrls } from "../trpc.ts";
import type { IngestKind } from "./live-input-store.ts";

/** `/publish/<input_id>?sk=<stream_key>`: a broadcaster's session. */
export const PUBLISH_PATH_PREFIX = "/publish/";
/** `/playback/<input_id>?tok=<jwt>`: a viewer's session. */
export const PLAYBACK_PATH_PREFIX = "/playback/";
/** Query parameter carrying the stream key. */
export const STREAM_KEY_PARAMETER = "sk";
/** Query parameter carrying the playback token. */
export const PLAYBACK_TOKEN_PARAMETER = "tok";

/** The WebTransport playback URL of a broadcast with `token` attached. */
export function playbackUrl(urls: EngineUrls, externalInputId: string, token: string): string {
  const u = new URL(`${PLAYBACK_PATH_PREFIX}${externalInputId}`, urls.relayOrigin);
  u.searchParams.set(PLAYBACK_TOKEN_PARAMETER, token);
  return u.href;
}

/**
 * Where an encoder sends input `externalInputId`, its stream key appended as
 * `/<stream_key>`: `rtmp://HOST:P/live/<id>` (the RTMP server URL, the key as
 * stream name) or `srt://HOST:P?streamid=<id>`; null when that ingest is off
 * or the input is published otherwise.
 */
export function ingestUrl(
  urls: EngineUrls,
  ingest: IngestKind,
  externalInputId: string,
): string | null {
  if (ingest === "rtmp" && urls.ingest?.rtmp) return `${urls.ingest.rtmp}/${externalInputId}`;
  if (ingest === "srt" && urls.ingest?.srt) return `${urls.ingest.srt}?streamid=${externalInputId}`;
  return null;
}
