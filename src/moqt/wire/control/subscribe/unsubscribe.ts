// draft-14 §"UNSUBSCRIBE", draft-16 §"UNSUBSCRIBE": Request ID (i) of the subscription.
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

export interface Unsubscribe {
  readonly kind: "unsubscribe";
  readonly requestId: number;
}

export const unsubscribe: ControlMessageSpec<Unsubscribe> = {
  kind: "unsubscribe",
  types: { 14: 0xa, 16: 0xa },
  size: (m) => varintSize(m.requestId),
  write: (w, m) => w.varint(m.requestId, "request ID"),
  read: (r) => ({ kind: "unsubscribe", requestId: r.varint("request ID") }),
};
