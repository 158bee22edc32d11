import { readReason, reasonSize, writeReason } from "../../fields.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";
import { type PublishNamespaceTarget, readTarget, targetSize, writeTarget } from "./target.ts";

// draft-14 §"PUBLISH_NAMESPACE_CANCEL": Track Namespace (1..32 fields), Error Code (i),
//   Error Reason (Reason Phrase).
// draft-16 §"PUBLISH_NAMESPACE_CANCEL": Request ID (i), Error Code (i), Error Reason (Reason Phrase).

/**
 * PUBLISH_NAMESPACE_CANCEL: the receiver of a PUBLISH_NAMESPACE revokes its acceptance.
 * Codes: `PublishNamespaceErrorCode14` / `PublishNamespaceErrorCode16`.
 */
export interface PublishNamespaceCancel extends PublishNamespaceTarget {
  readonly kind: "publishNamespaceCancel";
  readonly errorCode: number;
  readonly reason: string;
}

export const publishNamespaceCancel: ControlMessageSpec<PublishNamespaceCancel> = {
  kind: "publishNamespaceCancel",
  types: { 14: 0xc, 16: 0xc },
  size(m, p) {
    return (
      targetSize(m, p, "publishNamespaceCancel") + varintSize(m.errorCode) + reasonSize(m.reason)
    );
  },
  write(w, m, p) {
    writeTarget(w, m, p);
    w.varint(m.errorCode, "error code");
    writeReason(w, m.reason);
  },
  read(r, p) {
    const target = readTarget(r, p);
    const errorCode = r.varint("error code");
    return { kind: "publishNamespaceCancel", ...target, errorCode, reason: readReason(r) };
  },
};
