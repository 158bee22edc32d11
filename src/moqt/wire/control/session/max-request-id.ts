import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

/** §"MAX_REQUEST_ID": the new maximum Request ID plus 1. */
export interface MaxRequestId {
  readonly kind: "maxRequestId";
  readonly maxRequestId: number;
}

export const maxRequestId: ControlMessageSpec<MaxRequestId> = {
  kind: "maxRequestId",
  types: { 14: 0x15, 16: 0x15 },
  size: (m) => varintSize(m.maxRequestId),
  write: (w, m) => w.varint(m.maxRequestId, "max request ID"),
  read: (r) => ({ kind: "maxRequestId", maxRequestId: r.varint("max request ID") }),
};
