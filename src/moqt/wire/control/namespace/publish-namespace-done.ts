import type { ControlMessageSpec } from "../spec.ts";
import { type PublishNamespaceTarget, readTarget, targetSize, writeTarget } from "./target.ts";

// draft-14 §"PUBLISH_NAMESPACE_DONE": Track Namespace (1..32 fields).
// draft-16 §"PUBLISH_NAMESPACE_DONE": Request ID (i) of the PUBLISH_NAMESPACE.

/** PUBLISH_NAMESPACE_DONE: the publisher withdraws a PUBLISH_NAMESPACE. */
export interface PublishNamespaceDone extends PublishNamespaceTarget {
  readonly kind: "publishNamespaceDone";
}

export const publishNamespaceDone: ControlMessageSpec<PublishNamespaceDone> = {
  kind: "publishNamespaceDone",
  types: { 14: 0x9, 16: 0x9 },
  size: (m, p) => targetSize(m, p, "publishNamespaceDone"),
  write: (w, m, p) => writeTarget(w, m, p),
  read: (r, p) => ({ kind: "publishNamespaceDone", ...readTarget(r, p) }),
};
