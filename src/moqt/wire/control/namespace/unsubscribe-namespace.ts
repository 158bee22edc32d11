import {
  namespaceSize,
  readNamespace,
  type TrackNamespace,
  writeNamespace,
} from "../../namespace.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-14 §"UNSUBSCRIBE_NAMESPACE": Track Namespace Prefix (1..32 fields, as in SUBSCRIBE_NAMESPACE).
// draft-16 has no such message: closing the SUBSCRIBE_NAMESPACE stream cancels it.

/** UNSUBSCRIBE_NAMESPACE (draft-14): withdraws the SUBSCRIBE_NAMESPACE for this prefix. */
export interface UnsubscribeNamespace {
  readonly kind: "unsubscribeNamespace";
  readonly trackNamespacePrefix: TrackNamespace;
}

export const unsubscribeNamespace: ControlMessageSpec<UnsubscribeNamespace> = {
  kind: "unsubscribeNamespace",
  types: { 14: 0x14 },
  size: (m) => namespaceSize(m.trackNamespacePrefix),
  write: (w, m) => writeNamespace(w, m.trackNamespacePrefix),
  read: (r) => ({ kind: "unsubscribeNamespace", trackNamespacePrefix: readNamespace(r) }),
};
