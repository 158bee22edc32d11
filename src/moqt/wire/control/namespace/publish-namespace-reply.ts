import { readReason, reasonSize, writeReason } from "../../fields.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-14 §"PUBLISH_NAMESPACE_OK": Request ID (i).
// draft-14 §"PUBLISH_NAMESPACE_ERROR": Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 answers PUBLISH_NAMESPACE with REQUEST_OK / REQUEST_ERROR instead.

/** PUBLISH_NAMESPACE_OK (draft-14): the PUBLISH_NAMESPACE `requestId` was accepted. */
export interface PublishNamespaceOk {
  readonly kind: "publishNamespaceOk";
  readonly requestId: number;
}

/** PUBLISH_NAMESPACE_ERROR (draft-14); codes in `PublishNamespaceErrorCode14`. */
export interface PublishNamespaceError {
  readonly kind: "publishNamespaceError";
  readonly requestId: number;
  readonly errorCode: number;
  readonly errorReason: string;
}

export const publishNamespaceOk: ControlMessageSpec<PublishNamespaceOk> = {
  kind: "publishNamespaceOk",
  types: { 14: 0x7 },
  size: (m) => varintSize(m.requestId),
  write: (w, m) => w.varint(m.requestId, "request ID"),
  read: (r) => ({ kind: "publishNamespaceOk", requestId: r.varint("request ID") }),
};

export const publishNamespaceError: ControlMessageSpec<PublishNamespaceError> = {
  kind: "publishNamespaceError",
  types: { 14: 0x8 },
  size: (m) => varintSize(m.requestId) + varintSize(m.errorCode) + reasonSize(m.errorReason),
  write(w, m) {
    w.varint(m.requestId, "request ID");
    w.varint(m.errorCode, "error code");
    writeReason(w, m.errorReason);
  },
  read(r) {
    const requestId = r.varint("request ID");
    const errorCode = r.varint("error code");
    return { kind: "publishNamespaceError", requestId, errorCode, errorReason: readReason(r) };
  },
};
