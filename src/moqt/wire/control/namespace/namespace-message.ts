import {
  namespaceSize,
  readNamespace,
  type TrackNamespace,
  writeNamespace,
} from "../../namespace.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-16 §"NAMESPACE": Track Namespace Suffix (namespace structure).
// draft-16 §"NAMESPACE_DONE": Track Namespace Suffix (namespace structure).
// Both travel on a SUBSCRIBE_NAMESPACE response stream and carry only the fields after
// the subscription's Track Namespace Prefix. The suffix may have 0 fields: a namespace
// equal to the prefix leaves nothing after it. Whether prefix + suffix forms a valid
// 1..32-field namespace needs the prefix, so the session layer checks that.

const MIN_SUFFIX_FIELDS = 0;

/** NAMESPACE (draft-16): a namespace under the subscribed prefix is published. */
export interface NamespaceMessage {
  readonly kind: "namespace";
  readonly trackNamespaceSuffix: TrackNamespace;
}

/** NAMESPACE_DONE (draft-16): a namespace under the subscribed prefix is withdrawn. */
export interface NamespaceDone {
  readonly kind: "namespaceDone";
  readonly trackNamespaceSuffix: TrackNamespace;
}

export const namespaceMessage: ControlMessageSpec<NamespaceMessage> = {
  kind: "namespace",
  types: { 16: 0x8 },
  size: (m) => namespaceSize(m.trackNamespaceSuffix, MIN_SUFFIX_FIELDS),
  write: (w, m) => writeNamespace(w, m.trackNamespaceSuffix),
  read: (r) => ({ kind: "namespace", trackNamespaceSuffix: readNamespace(r, MIN_SUFFIX_FIELDS) }),
};

export const namespaceDone: ControlMessageSpec<NamespaceDone> = {
  kind: "namespaceDone",
  types: { 16: 0xe },
  size: (m) => namespaceSize(m.trackNamespaceSuffix, MIN_SUFFIX_FIELDS),
  write: (w, m) => writeNamespace(w, m.trackNamespaceSuffix),
  read: (r) => ({
    kind: "namespaceDone",
    trackNamespaceSuffix: readNamespace(r, MIN_SUFFIX_FIELDS),
  }),
};
