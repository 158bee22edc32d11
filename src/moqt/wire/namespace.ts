import { malformed, WireEncodeError } from "./errors.ts";
import type { WireReader } from "./reader.ts";
import { varintSize, type WireWriter } from "./writer.ts";

/** §"Track Naming": a namespace has 1..32 non-empty fields. */
export const MAX_NAMESPACE_FIELDS = 32;
/** Largest Full Track Name (namespace fields plus track name), in bytes. */
export const MAX_FULL_TRACK_NAME_BYTES = 4096;

/** A Track Namespace: an ordered tuple of byte strings. */
export type TrackNamespace = readonly Uint8Array[];

function namespaceBytes(ns: TrackNamespace): number {
  let n = 0;
  for (const f of ns) n += f.length;
  return n;
}

function checkNamespace(ns: TrackNamespace, minFields: number): void {
  if (ns.length < minFields || ns.length > MAX_NAMESPACE_FIELDS) {
    throw new WireEncodeError(
      `track namespace must have ${minFields}..${MAX_NAMESPACE_FIELDS} fields, got ${ns.length}`,
    );
  }
  for (const f of ns) {
    if (f.length === 0) throw new WireEncodeError("track namespace fields must not be empty");
  }
  if (namespaceBytes(ns) > MAX_FULL_TRACK_NAME_BYTES) {
    throw new WireEncodeError("track namespace longer than 4096 bytes");
  }
}

/** `minFields` is 1 for a namespace and 0 for a prefix that may be empty. */
export function namespaceSize(ns: TrackNamespace, minFields = 1): number {
  checkNamespace(ns, minFields);
  let n = varintSize(ns.length);
  for (const f of ns) n += varintSize(f.length) + f.length;
  return n;
}

export function writeNamespace(w: WireWriter, ns: TrackNamespace): void {
  w.varint(ns.length, "namespace field count");
  for (const f of ns) w.lengthPrefixed(f, "namespace field");
}

export function readNamespace(r: WireReader, minFields = 1): Uint8Array[] {
  const at = r.pos;
  const count = r.varint("namespace field count");
  if (count < minFields || count > MAX_NAMESPACE_FIELDS) {
    throw malformed(at, `track namespace has ${count} fields (allowed ${minFields}..32)`);
  }
  const out: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const fieldAt = r.pos;
    const f = r.lengthPrefixed("namespace field", MAX_FULL_TRACK_NAME_BYTES);
    if (f.length === 0) throw malformed(fieldAt, "empty track namespace field");
    total += f.length;
    if (total > MAX_FULL_TRACK_NAME_BYTES) throw malformed(fieldAt, "track namespace too long");
    out.push(f);
  }
  return out;
}

export function trackNameSize(ns: TrackNamespace, name: Uint8Array): number {
  if (namespaceBytes(ns) + name.length > MAX_FULL_TRACK_NAME_BYTES) {
    throw new WireEncodeError("full track name longer than 4096 bytes");
  }
  return varintSize(name.length) + name.length;
}

export function writeTrackName(w: WireWriter, name: Uint8Array): void {
  w.lengthPrefixed(name, "track name");
}

/** Reads a track name and checks the full-track-name limit against its namespace. */
export function readTrackName(r: WireReader, ns: TrackNamespace): Uint8Array {
  const at = r.pos;
  const name = r.lengthPrefixed("track name", MAX_FULL_TRACK_NAME_BYTES);
  if (namespaceBytes(ns) + name.length > MAX_FULL_TRACK_NAME_BYTES) {
    throw malformed(at, "full track name longer than 4096 bytes");
  }
  return name;
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

/** Splits "a/b/c" into namespace fields; the SDK's string form of a namespace. */
export function namespaceFromPath(path: string): Uint8Array[] {
  return path
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => ENCODER.encode(s));
}

/** Joins namespace fields (decoded as UTF-8) with "/": the inverse of `namespaceFromPath`. */
export function namespaceToPath(ns: TrackNamespace): string {
  return ns.map((f) => DECODER.decode(f)).join("/");
}

/** True when two byte strings are equal (namespace fields and track names compare by bytes). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when `prefix` is a field-wise prefix of `ns`. */
export function namespaceHasPrefix(ns: TrackNamespace, prefix: TrackNamespace): boolean {
  if (prefix.length > ns.length) return false;
  for (let i = 0; i < prefix.length; i++) if (!bytesEqual(ns[i]!, prefix[i]!)) return false;
  return true;
}
