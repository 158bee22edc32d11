// draft-14 §"FETCH_ERROR": Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 answers a failed FETCH with REQUEST_ERROR instead.
import { type RequestErrorShape, requestErrorSpec } from "../request-error-shape.ts";
import type { ControlMessageSpec } from "../spec.ts";

/** FETCH_ERROR (draft-14): FETCH `requestId` failed; codes in `FetchErrorCode14`. */
export interface FetchError extends RequestErrorShape<"fetchError"> {}

export const fetchError: ControlMessageSpec<FetchError> = requestErrorSpec("fetchError", {
  14: 0x19,
});
