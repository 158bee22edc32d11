// draft-14 §"SUBSCRIBE_ERROR", §"PUBLISH_ERROR", §"FETCH_ERROR", §"TRACK_STATUS_ERROR",
// §"PUBLISH_NAMESPACE_ERROR" and §"SUBSCRIBE_NAMESPACE_ERROR" share one layout:
//   Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 answers every request with REQUEST_ERROR instead (session/request-error.ts).
import { readReason, reasonSize, writeReason } from "../fields.ts";
import { varintSize } from "../writer.ts";
import type { ControlMessageSpec } from "./spec.ts";

/** A draft-14 *_ERROR message of `kind`. */
export interface RequestErrorShape<K extends string> {
  readonly kind: K;
  /** The request that failed. */
  readonly requestId: number;
  /** The message's draft-14 error code registry names some; other values are accepted. */
  readonly errorCode: number;
  /** Error Reason. */
  readonly reason: string;
}

/** The spec of one *_ERROR message: its own kind and message types, the shared layout. */
export function requestErrorSpec<K extends string>(
  kind: K,
  types: ControlMessageSpec<{ kind: K }>["types"],
): ControlMessageSpec<RequestErrorShape<K>> {
  return {
    kind,
    types,
    size: (m) => varintSize(m.requestId) + varintSize(m.errorCode) + reasonSize(m.reason),
    write(w, m) {
      w.varint(m.requestId, "request ID");
      w.varint(m.errorCode, "error code");
      writeReason(w, m.reason);
    },
    read(r) {
      const requestId = r.varint("request ID");
      const errorCode = r.varint("error code");
      return { kind, requestId, errorCode, reason: readReason(r) };
    },
  };
}
