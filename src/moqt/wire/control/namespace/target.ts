import { WireEncodeError } from "../../errors.ts";
import {
  namespaceSize,
  readNamespace,
  type TrackNamespace,
  writeNamespace,
} from "../../namespace.ts";
import type { WireReader } from "../../reader.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize, type WireWriter } from "../../writer.ts";

/**
 * How PUBLISH_NAMESPACE_DONE and PUBLISH_NAMESPACE_CANCEL name the PUBLISH_NAMESPACE
 * they end: by Track Namespace in draft-14, by its Request ID in draft-16.
 */
export interface PublishNamespaceTarget {
  /** draft-14 only. */
  readonly trackNamespace?: TrackNamespace;
  /** draft-16 only: the Request ID of the PUBLISH_NAMESPACE. */
  readonly requestId?: number;
}

function check(m: PublishNamespaceTarget, p: VersionProfile, kind: string): void {
  const [need, other] =
    p.draft === 14
      ? (["trackNamespace", "requestId"] as const)
      : (["requestId", "trackNamespace"] as const);
  if (m[need] === undefined) throw new WireEncodeError(`${kind}: draft-${p.draft} needs ${need}`);
  if (m[other] !== undefined) {
    throw new WireEncodeError(`${kind}: draft-${p.draft} has no ${other} (it uses ${need})`);
  }
}

export function targetSize(m: PublishNamespaceTarget, p: VersionProfile, kind: string): number {
  check(m, p, kind);
  return p.draft === 14 ? namespaceSize(m.trackNamespace!) : varintSize(m.requestId!);
}

export function writeTarget(w: WireWriter, m: PublishNamespaceTarget, p: VersionProfile): void {
  if (p.draft === 14) writeNamespace(w, m.trackNamespace!);
  else w.varint(m.requestId!, "request ID");
}

export function readTarget(
  r: WireReader,
  p: VersionProfile,
): { trackNamespace: TrackNamespace } | { requestId: number } {
  return p.draft === 14
    ? { trackNamespace: readNamespace(r) }
    : { requestId: r.varint("request ID") };
}
