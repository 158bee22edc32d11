// The stream resolver's URL paths (seed 002 "Wire model"):
//   /publish/<input_id>?sk=<stream_key>   broadcaster ingest session
//   /playback/<input_id>?tok=<jwt>        viewer session
import { PLAYBACK_PATH_PREFIX, PUBLISH_PATH_PREFIX } from "../streams/urls.ts";

/** A session path the resolver owns. */
export interface StreamPath {
  readonly role: "publish" | "playback";
  /** The `lv_…` external input id named by the path. */
  readonly inputId: string;
}

const PATTERN = /^\/(publish|playback)\/([A-Za-z0-9_-]{1,128})$/;

/** The stream path `pathname` names, or undefined for any other path. */
export function parseStreamPath(pathname: string | undefined): StreamPath | undefined {
  const m = pathname === undefined ? null : PATTERN.exec(pathname);
  if (m === null) return undefined;
  return { role: m[1] === "publish" ? "publish" : "playback", inputId: m[2]! };
}

/** True for `/publish/…` and `/playback/…` paths (both transports accept sessions there). */
export function isStreamPath(pathname: string): boolean {
  return pathname.startsWith(PUBLISH_PATH_PREFIX) || pathname.startsWith(PLAYBACK_PATH_PREFIX);
}
