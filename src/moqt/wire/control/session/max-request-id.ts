// draft-14 §"MAX_REQUEST_ID": Request ID (i); draft-16 §"MAX_REQUEST_ID": Max Request ID (i).
import type { ControlMessageSpec } from "../spec.ts";
import { type VarintShape, varintSpec } from "../varint-shape.ts";

/** §"MAX_REQUEST_ID": the new maximum Request ID plus 1. */
export interface MaxRequestId extends VarintShape<"maxRequestId", "maxRequestId"> {}

export const maxRequestId: ControlMessageSpec<MaxRequestId> = varintSpec(
  "maxRequestId",
  { 14: 0x15, 16: 0x15 },
  "maxRequestId",
  "max request ID",
);
