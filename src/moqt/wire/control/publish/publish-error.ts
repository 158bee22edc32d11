import { readReason, reasonSize, writeReason } from "../../fields.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-14 §"PUBLISH_ERROR": Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 rejects a PUBLISH with REQUEST_ERROR instead.

/** PUBLISH_ERROR (draft-14): the subscriber rejects PUBLISH `requestId`; codes in `PublishErrorCode14`. */
export interface PublishError {
  readonly kind: "publishError";
  readonly requestId: number;
  readonly errorCode: number;
  readonly errorReason: string;
}

export const publishError: ControlMessageSpec<PublishError> = {
  kind: "publishError",
  types: { 14: 0x1f },
  size: (m) => varintSize(m.requestId) + varintSize(m.errorCode) + reasonSize(m.errorReason),
  write(w, m) {
    w.varint(m.requestId, "request ID");
    w.varint(m.errorCode, "error code");
    writeReason(w, m.errorReason);
  },
  read(r) {
    const requestId = r.varint("request ID");
    const errorCode = r.varint("error code");
    return { kind: "publishError", requestId, errorCode, errorReason: readReason(r) };
  },
};
