import type { MessageParameters } from "../../../../src/moqt/wire/index.ts";
import type { RelayTrack } from "../track.ts";

/**
 * Parameters describing the track in an answer. draft-14 carries MAX_CACHE_DURATION
 * as a parameter (draft-16 as a Track Extension, kept with the others).
 */
export function trackAnswerParameters(track: RelayTrack, draft: 14 | 16): MessageParameters {
  if (draft === 14 && track.maxCacheDurationMs !== undefined) {
    return { maxCacheDurationMs: track.maxCacheDurationMs };
  }
  return {};
}
