import { readReason, reasonSize, writeReason } from "../../fields.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-14 §"SUBSCRIBE_NAMESPACE_OK": Request ID (i).
// draft-14 §"SUBSCRIBE_NAMESPACE_ERROR": Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 answers SUBSCRIBE_NAMESPACE with REQUEST_OK / REQUEST_ERROR instead.

/** SUBSCRIBE_NAMESPACE_OK (draft-14). */
export interface SubscribeNamespaceOk {
  readonly kind: "subscribeNamespaceOk";
  readonly requestId: number;
}

/** SUBSCRIBE_NAMESPACE_ERROR (draft-14); codes in `SubscribeNamespaceErrorCode14`. */
export interface SubscribeNamespaceError {
  readonly kind: "subscribeNamespaceError";
  readonly requestId: number;
  readonly errorCode: number;
  readonly errorReason: string;
}

export const subscribeNamespaceOk: ControlMessageSpec<SubscribeNamespaceOk> = {
  kind: "subscribeNamespaceOk",
  types: { 14: 0x12 },
  size: (m) => varintSize(m.requestId),
  write: (w, m) => w.varint(m.requestId, "request ID"),
  read: (r) => ({ kind: "subscribeNamespaceOk", requestId: r.varint("request ID") }),
};

export const subscribeNamespaceError: ControlMessageSpec<SubscribeNamespaceError> = {
  kind: "subscribeNamespaceError",
  types: { 14: 0x13 },
  size: (m) => varintSize(m.requestId) + varintSize(m.errorCode) + reasonSize(m.errorReason),
  write(w, m) {
    w.varint(m.requestId, "request ID");
    w.varint(m.errorCode, "error code");
    writeReason(w, m.errorReason);
  },
  read(r) {
    const requestId = r.varint("request ID");
    const errorCode = r.varint("error code");
    return { kind: "subscribeNamespaceError", requestId, errorCode, errorReason: readReason(r) };
  },
};
