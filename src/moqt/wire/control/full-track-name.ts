// draft-14/16 §"SUBSCRIBE", §"PUBLISH", §"TRACK_STATUS", §"Standalone Fetch":
//   Track Namespace (tuple), Track Name Length (i), Track Name (..)
import {
  namespaceSize,
  readNamespace,
  readTrackName,
  type TrackNamespace,
  trackNameSize,
  writeNamespace,
  writeTrackName,
} from "../namespace.ts";
import type { WireReader } from "../reader.ts";
import type { WireWriter } from "../writer.ts";

/** The track a request names. */
export interface FullTrackName {
  readonly trackNamespace: TrackNamespace;
  readonly trackName: Uint8Array;
}

export function fullTrackNameSize(t: FullTrackName): number {
  return namespaceSize(t.trackNamespace) + trackNameSize(t.trackNamespace, t.trackName);
}

export function writeFullTrackName(w: WireWriter, t: FullTrackName): void {
  writeNamespace(w, t.trackNamespace);
  writeTrackName(w, t.trackName);
}

export function readFullTrackName(r: WireReader): FullTrackName {
  const trackNamespace = readNamespace(r);
  return { trackNamespace, trackName: readTrackName(r, trackNamespace) };
}
