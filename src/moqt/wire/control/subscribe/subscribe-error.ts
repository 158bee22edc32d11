// draft-14 §"SUBSCRIBE_ERROR": Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 answers every request with REQUEST_ERROR instead (session/request-error.ts).
import { readReason, reasonSize, writeReason } from "../../fields.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

export interface SubscribeError {
  readonly kind: "subscribeError";
  readonly requestId: number;
  /** See SubscribeErrorCode14; other values are accepted. */
  readonly errorCode: number;
  readonly reason: string;
}

export const subscribeError: ControlMessageSpec<SubscribeError> = {
  kind: "subscribeError",
  types: { 14: 0x5 },
  size: (m) => varintSize(m.requestId) + varintSize(m.errorCode) + reasonSize(m.reason),
  write(w, m) {
    w.varint(m.requestId, "request ID");
    w.varint(m.errorCode, "error code");
    writeReason(w, m.reason);
  },
  read(r) {
    const requestId = r.varint("request ID");
    const errorCode = r.varint("error code");
    return { kind: "subscribeError", requestId, errorCode, reason: readReason(r) };
  },
};
