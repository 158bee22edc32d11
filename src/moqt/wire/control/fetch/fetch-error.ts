import { readReason, reasonSize, writeReason } from "../../fields.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-14 §"FETCH_ERROR": Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 answers a failed FETCH with REQUEST_ERROR instead.

/** FETCH_ERROR (draft-14): FETCH `requestId` failed; codes in `FetchErrorCode14`. */
export interface FetchError {
  readonly kind: "fetchError";
  readonly requestId: number;
  readonly errorCode: number;
  readonly errorReason: string;
}

export const fetchError: ControlMessageSpec<FetchError> = {
  kind: "fetchError",
  types: { 14: 0x19 },
  size: (m) => varintSize(m.requestId) + varintSize(m.errorCode) + reasonSize(m.errorReason),
  write(w, m) {
    w.varint(m.requestId, "request ID");
    w.varint(m.errorCode, "error code");
    writeReason(w, m.errorReason);
  },
  read(r) {
    const requestId = r.varint("request ID");
    const errorCode = r.varint("error code");
    return { kind: "fetchError", requestId, errorCode, errorReason: readReason(r) };
  },
};
