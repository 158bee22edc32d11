// draft-16 §"REQUEST_ERROR": Request ID (i), Error Code (i), Retry Interval (i),
// Error Reason (Reason Phrase). Answers any draft-16 request; draft-14 had one error
// message per request type (e.g. SUBSCRIBE_ERROR, without a Retry Interval).
import { readReason, reasonSize, writeReason } from "../../fields.ts";
import { checkVarint, varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

/** REQUEST_ERROR (draft-16 §"REQUEST_ERROR"): the request with `requestId` failed; may say when to retry. */
export interface RequestError {
  readonly kind: "requestError";
  readonly requestId: number;
  /** RequestErrorCode16 (subscribe/codes.ts); other values are accepted. */
  readonly errorCode: number;
  /**
   * Minimum milliseconds before the request may be sent again; the wire carries this
   * plus 1. Absent: the request should not be retried (wire value 0).
   */
  readonly retryIntervalMs?: number;
  readonly reason: string;
}

function retryField(m: RequestError): number {
  if (m.retryIntervalMs === undefined) return 0;
  checkVarint(m.retryIntervalMs, "retry interval");
  return m.retryIntervalMs + 1;
}

export const requestError: ControlMessageSpec<RequestError> = {
  kind: "requestError",
  types: { 16: 0x5 },
  size: (m) =>
    varintSize(m.requestId) +
    varintSize(m.errorCode) +
    varintSize(retryField(m)) +
    reasonSize(m.reason),
  write(w, m) {
    w.varint(m.requestId, "request ID");
    w.varint(m.errorCode, "error code");
    w.varint(retryField(m), "retry interval");
    writeReason(w, m.reason);
  },
  read(r) {
    const requestId = r.varint("request ID");
    const errorCode = r.varint("error code");
    const retry = r.varint("retry interval");
    const reason = readReason(r);
    return {
      kind: "requestError",
      requestId,
      errorCode,
      ...(retry !== 0 && { retryIntervalMs: retry - 1 }),
      reason,
    };
  },
};
