// draft-16 §"REQUEST_OK": Request ID (i), Number of Parameters (i), Parameters.
// Answers REQUEST_UPDATE, TRACK_STATUS, SUBSCRIBE_NAMESPACE and PUBLISH_NAMESPACE.
import type { Location } from "../../fields.ts";
import type { KeyValuePair } from "../../key-value.ts";
import {
  MessageParam,
  type MessageParameters,
  messageParameterPairs,
  messageParametersSize,
  readMessageParameters,
  writeMessageParameters,
} from "../../message-params.ts";
import { liftParamFields, paramPairs } from "../../param-values.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

/** REQUEST_OK (draft-16 §"REQUEST_OK"): the request with `requestId` succeeded. */
export interface RequestOk {
  readonly kind: "requestOk";
  readonly requestId: number;
  /** LARGEST_OBJECT (answering REQUEST_UPDATE or TRACK_STATUS); absent: no Objects yet. */
  readonly largestLocation?: Location;
  /**
   * EXPIRES in milliseconds, as SUBSCRIBE_OK would carry it (draft-16 lists REQUEST_OK
   * for EXPIRES as a TODO). Kept as sent: 0 and absent both mean no expiry.
   */
  readonly expiresMs?: number;
  readonly parameters: MessageParameters;
}

const OWN = [MessageParam.EXPIRES, MessageParam.LARGEST_OBJECT];

function pairs(m: RequestOk, p: VersionProfile): KeyValuePair[] {
  return messageParameterPairs(m.parameters, paramPairs(m, OWN), p);
}

export const requestOk: ControlMessageSpec<RequestOk> = {
  kind: "requestOk",
  types: { 16: 0x7 },
  size: (m, p) => varintSize(m.requestId) + messageParametersSize(pairs(m, p), p),
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    writeMessageParameters(w, pairs(m, p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const at = r.pos;
    const { params, lifted } = readMessageParameters(r, p, OWN);
    return { kind: "requestOk", requestId, ...liftParamFields(lifted, at), parameters: params };
  },
};
