// draft-14 §"SUBSCRIBE_ERROR": Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 answers every request with REQUEST_ERROR instead (session/request-error.ts).
import { type RequestErrorShape, requestErrorSpec } from "../request-error-shape.ts";
import type { ControlMessageSpec } from "../spec.ts";

/** SUBSCRIBE_ERROR (draft-14); codes in `SubscribeErrorCode14`. */
export interface SubscribeError extends RequestErrorShape<"subscribeError"> {}

export const subscribeError: ControlMessageSpec<SubscribeError> = requestErrorSpec(
  "subscribeError",
  { 14: 0x5 },
);
