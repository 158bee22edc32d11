// draft-14 §"REQUESTS_BLOCKED", draft-16 §"REQUESTS_BLOCKED": Maximum Request ID (i).
import type { ControlMessageSpec } from "../spec.ts";
import { type VarintShape, varintSpec } from "../varint-shape.ts";

/** §"REQUESTS_BLOCKED": the peer's Maximum Request ID that blocks a new request. */
export interface RequestsBlocked extends VarintShape<"requestsBlocked", "maximumRequestId"> {}

export const requestsBlocked: ControlMessageSpec<RequestsBlocked> = varintSpec(
  "requestsBlocked",
  { 14: 0x1a, 16: 0x1a },
  "maximumRequestId",
  "maximum request ID",
);
