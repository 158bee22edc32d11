// draft-14 §"SUBSCRIBE_NAMESPACE_OK": Request ID (i).
// draft-14 §"SUBSCRIBE_NAMESPACE_ERROR": Request ID (i), Error Code (i), Error Reason (Reason Phrase).
// draft-16 answers SUBSCRIBE_NAMESPACE with REQUEST_OK / REQUEST_ERROR instead.
import { type RequestErrorShape, requestErrorSpec } from "../request-error-shape.ts";
import type { ControlMessageSpec } from "../spec.ts";
import { type RequestIdShape, requestIdSpec } from "../varint-shape.ts";

/** SUBSCRIBE_NAMESPACE_OK (draft-14). */
export interface SubscribeNamespaceOk extends RequestIdShape<"subscribeNamespaceOk"> {}

/** SUBSCRIBE_NAMESPACE_ERROR (draft-14); codes in `SubscribeNamespaceErrorCode14`. */
export interface SubscribeNamespaceError extends RequestErrorShape<"subscribeNamespaceError"> {}

export const subscribeNamespaceOk: ControlMessageSpec<SubscribeNamespaceOk> = requestIdSpec(
  "subscribeNamespaceOk",
  { 14: 0x12 },
);

export const subscribeNamespaceError: ControlMessageSpec<SubscribeNamespaceError> =
  requestErrorSpec("subscribeNamespaceError", { 14: 0x13 });
