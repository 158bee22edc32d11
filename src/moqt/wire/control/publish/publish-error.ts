// draft-14 §"PUBLISH_ERROR": Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 rejects a PUBLISH with REQUEST_ERROR instead.
import { type RequestErrorShape, requestErrorSpec } from "../request-error-shape.ts";
import type { ControlMessageSpec } from "../spec.ts";

/** PUBLISH_ERROR (draft-14): the subscriber rejects PUBLISH `requestId`; codes in `PublishErrorCode14`. */
export interface PublishError extends RequestErrorShape<"publishError"> {}

export const publishError: ControlMessageSpec<PublishError> = requestErrorSpec("publishError", {
  14: 0x1f,
});
