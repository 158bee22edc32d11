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
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";
import {
  largestObjectPair,
  liftedLargestObject,
  liftedVarint,
  varintPair,
} from "../subscribe/params.ts";

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
  const own: KeyValuePair[] = [];
  if (m.expiresMs !== undefined) own.push(varintPair(MessageParam.EXPIRES, m.expiresMs));
  if (m.largestLocation !== undefined) own.push(largestObjectPair(m.largestLocation));
  return messageParameterPairs(m.parameters, own, p);
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
    const largestLocation = liftedLargestObject(lifted, at);
    const expiresMs = liftedVarint(lifted, MessageParam.EXPIRES);
    return {
      kind: "requestOk",
      requestId,
      ...(largestLocation !== undefined && { largestLocation }),
      ...(expiresMs !== undefined && { expiresMs }),
      parameters: params,
    };
  },
};
