import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-14 §"FETCH_CANCEL", draft-16 §"FETCH_CANCEL" (same layout): Request ID (i).

/** FETCH_CANCEL: the subscriber no longer wants the Objects of FETCH `requestId`. */
export interface FetchCancel {
  readonly kind: "fetchCancel";
  readonly requestId: number;
}

export const fetchCancel: ControlMessageSpec<FetchCancel> = {
  kind: "fetchCancel",
  types: { 14: 0x17, 16: 0x17 },
  size: (m) => varintSize(m.requestId),
  write: (w, m) => w.varint(m.requestId, "request ID"),
  read: (r) => ({ kind: "fetchCancel", requestId: r.varint("request ID") }),
};
