// draft-14 §"FETCH_CANCEL", draft-16 §"FETCH_CANCEL" (same layout): Request ID (i).
import type { ControlMessageSpec } from "../spec.ts";
import { type RequestIdShape, requestIdSpec } from "../varint-shape.ts";

/** FETCH_CANCEL: the subscriber no longer wants the Objects of FETCH `requestId`. */
export interface FetchCancel extends RequestIdShape<"fetchCancel"> {}

export const fetchCancel: ControlMessageSpec<FetchCancel> = requestIdSpec("fetchCancel", {
  14: 0x17,
  16: 0x17,
});
