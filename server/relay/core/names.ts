// Keys and helpers for Track Namespaces and Full Track Names (draft-14/16
// §"Track Naming"): a namespace is a tuple of byte fields, matched field by field.
import {
  namespaceFromPath,
  namespaceHasPrefix,
  namespaceToPath,
  type TrackNamespace,
} from "../../../src/moqt/wire/index.ts";

export { namespaceFromPath, namespaceHasPrefix, namespaceToPath, type TrackNamespace };

/** A track as the relay names it. */
export interface FullTrackName {
  readonly trackNamespace: TrackNamespace;
  readonly trackName: Uint8Array;
}

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** A string equal for equal namespaces (fields hex-encoded, so no separator clashes). */
export function namespaceKey(ns: TrackNamespace): string {
  return ns.map(hex).join(".");
}

/** A string equal for equal Full Track Names. */
export function trackKey(t: FullTrackName): string {
  return `${namespaceKey(t.trackNamespace)}/${hex(t.trackName)}`;
}

/** True when one namespace is a field-wise prefix of the other (or they are equal). */
export function namespacesOverlap(a: TrackNamespace, b: TrackNamespace): boolean {
  return namespaceHasPrefix(a, b) || namespaceHasPrefix(b, a);
}

const DECODER = new TextDecoder();

/** A track name for logs and the relay API (UTF-8, lossy for binary names). */
export function trackNameText(name: Uint8Array): string {
  return DECODER.decode(name);
}

/** "namespace/path" + "name" for logs. */
export function describeTrack(t: FullTrackName): string {
  return `${namespaceToPath(t.trackNamespace)}:${trackNameText(t.trackName)}`;
}
