import { fullTrackKey } from "../session/track-aliases.ts";
import {
  MAX_FULL_TRACK_NAME_BYTES,
  MAX_NAMESPACE_FIELDS,
  type TrackNamespace,
} from "../wire/namespace.ts";
import { invalidArgument } from "./errors.ts";
import { checkWellFormed } from "./validate.ts";

const ENCODER = new TextEncoder();

/** A track namespace as the API takes it: a "/"-separated path, or its fields. */
export type NamespaceInput = string | readonly string[];

/** A validated Full Track Name in both its API and wire forms. */
export interface TrackName {
  /** The namespace as a "/"-separated path. */
  readonly namespace: string;
  /** The track name. */
  readonly name: string;
  /** The namespace's wire form. */
  readonly trackNamespace: TrackNamespace;
  /** The name's wire form (UTF-8). */
  readonly trackName: Uint8Array;
  /** Equal for equal Full Track Names. */
  readonly key: string;
}

function fieldsOf(ns: NamespaceInput): string[] {
  if (typeof ns === "string") return ns.split("/").filter((f) => f.length > 0);
  if (!Array.isArray(ns))
    throw invalidArgument("namespace must be a string or an array of strings");
  for (const f of ns) {
    if (typeof f !== "string" || f.length === 0) {
      throw invalidArgument("namespace fields must be non-empty strings");
    }
  }
  return [...ns];
}

/** A validated namespace (a `tracks()` prefix) in both its API and wire forms. */
export type NamespaceName = Pick<TrackName, "namespace" | "trackNamespace" | "key">;

/** Validates `ns` alone (1..32 fields); throws INVALID_ARGUMENT naming the problem. */
export function namespaceName(ns: NamespaceInput): NamespaceName {
  const fields = fieldsOf(ns);
  if (fields.length === 0) throw invalidArgument("namespace must not be empty");
  if (fields.length > MAX_NAMESPACE_FIELDS) {
    throw invalidArgument(
      `namespace has ${fields.length} fields (at most ${MAX_NAMESPACE_FIELDS})`,
    );
  }
  const trackNamespace = fields.map((f) => ENCODER.encode(checkWellFormed(f, "namespace field")));
  return {
    namespace: fields.join("/"),
    trackNamespace,
    key: fullTrackKey(trackNamespace, new Uint8Array(0)),
  };
}

/**
 * Validates `ns` + `name` (draft §"Track Naming": 1..32 namespace fields, at most
 * 4096 bytes in all) and returns both forms. Throws INVALID_ARGUMENT naming the problem.
 */
export function trackName(ns: NamespaceInput, name: string): TrackName {
  const { namespace, trackNamespace } = namespaceName(ns);
  if (typeof name !== "string" || name.length === 0) {
    throw invalidArgument("track name must be a non-empty string");
  }
  const trackNameBytes = ENCODER.encode(checkWellFormed(name, "track name"));
  let total = trackNameBytes.length;
  for (const f of trackNamespace) total += f.length;
  if (total > MAX_FULL_TRACK_NAME_BYTES) {
    throw invalidArgument(
      `namespace and name are ${total} bytes (at most ${MAX_FULL_TRACK_NAME_BYTES})`,
    );
  }
  return {
    namespace,
    name,
    trackNamespace,
    trackName: trackNameBytes,
    key: fullTrackKey(trackNamespace, trackNameBytes),
  };
}
