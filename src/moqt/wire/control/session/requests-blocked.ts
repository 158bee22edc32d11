import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

/** §"REQUESTS_BLOCKED": the peer's Maximum Request ID that blocks a new request. */
export interface RequestsBlocked {
  readonly kind: "requestsBlocked";
  readonly maximumRequestId: number;
}

export const requestsBlocked: ControlMessageSpec<RequestsBlocked> = {
  kind: "requestsBlocked",
  types: { 14: 0x1a, 16: 0x1a },
  size: (m) => varintSize(m.maximumRequestId),
  write: (w, m) => w.varint(m.maximumRequestId, "maximum request ID"),
  read: (r) => ({ kind: "requestsBlocked", maximumRequestId: r.varint("maximum request ID") }),
};
