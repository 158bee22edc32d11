// draft-14 §"PUBLISH_NAMESPACE_OK": Request ID (i).
// draft-14 §"PUBLISH_NAMESPACE_ERROR": Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 answers PUBLISH_NAMESPACE with REQUEST_OK / REQUEST_ERROR instead.
import { type RequestErrorShape, requestErrorSpec } from "../request-error-shape.ts";
import type { ControlMessageSpec } from "../spec.ts";
import { type RequestIdShape, requestIdSpec } from "../varint-shape.ts";

/** PUBLISH_NAMESPACE_OK (draft-14): the PUBLISH_NAMESPACE `requestId` was accepted. */
export interface PublishNamespaceOk extends RequestIdShape<"publishNamespaceOk"> {}

/** PUBLISH_NAMESPACE_ERROR (draft-14); codes in `PublishNamespaceErrorCode14`. */
export interface PublishNamespaceError extends RequestErrorShape<"publishNamespaceError"> {}

export const publishNamespaceOk: ControlMessageSpec<PublishNamespaceOk> = requestIdSpec(
  "publishNamespaceOk",
  { 14: 0x7 },
);

export const publishNamespaceError: ControlMessageSpec<PublishNamespaceError> = requestErrorSpec(
  "publishNamespaceError",
  { 14: 0x8 },
);
