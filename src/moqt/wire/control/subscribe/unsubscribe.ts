// draft-14 §"UNSUBSCRIBE", draft-16 §"UNSUBSCRIBE": Request ID (i) of the subscription.
import type { ControlMessageSpec } from "../spec.ts";
import { type RequestIdShape, requestIdSpec } from "../varint-shape.ts";

/** UNSUBSCRIBE (§"UNSUBSCRIBE"): ends the subscription with `requestId`. */
export interface Unsubscribe extends RequestIdShape<"unsubscribe"> {}

export const unsubscribe: ControlMessageSpec<Unsubscribe> = requestIdSpec("unsubscribe", {
  14: 0xa,
  16: 0xa,
});
