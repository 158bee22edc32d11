// draft-14 §"PUBLISH_DONE", draft-16 §"PUBLISH_DONE" (same layout; status codes differ,
// see codes.ts): Request ID (i), Status Code (i), Stream Count (i), Error Reason (Reason Phrase).
import { readReason, reasonSize, writeReason } from "../../fields.ts";
import type { WireReader } from "../../reader.ts";
import { varintSize, type WireWriter } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

/** PUBLISH_DONE (§"PUBLISH_DONE"): the publisher ended a subscription; how many streams it opened. */
export interface PublishDone {
  readonly kind: "publishDone";
  readonly requestId: number;
  /** PublishDoneCode14 / PublishDoneCode16; other values are accepted. */
  readonly statusCode: number;
  /**
   * Data streams opened for the subscription. Absent: the publisher could not count
   * them, sent on the wire as 2^62-1 (§"PUBLISH_DONE").
   */
  readonly streamCount?: number;
  readonly reason: string;
}

/** 2^62-1 as an 8-byte varint: every bit set. */
const UNKNOWN_COUNT = new Uint8Array(8).fill(0xff);

function isUnknownCount(r: WireReader): boolean {
  if (r.remaining < 8) return false;
  for (let i = 0; i < 8; i++) if (r.buf[r.pos + i] !== 0xff) return false;
  return true;
}

function streamCountSize(n: number | undefined): number {
  return n === undefined ? 8 : varintSize(n);
}

function writeStreamCount(w: WireWriter, n: number | undefined): void {
  if (n === undefined) w.bytes(UNKNOWN_COUNT);
  else w.varint(n, "stream count");
}

export const publishDone: ControlMessageSpec<PublishDone> = {
  kind: "publishDone",
  types: { 14: 0xb, 16: 0xb },
  size: (m) =>
    varintSize(m.requestId) +
    varintSize(m.statusCode) +
    streamCountSize(m.streamCount) +
    reasonSize(m.reason),
  write(w, m) {
    w.varint(m.requestId, "request ID");
    w.varint(m.statusCode, "status code");
    writeStreamCount(w, m.streamCount);
    writeReason(w, m.reason);
  },
  read(r) {
    const requestId = r.varint("request ID");
    const statusCode = r.varint("status code");
    let streamCount: number | undefined;
    if (isUnknownCount(r)) r.pos += 8;
    else streamCount = r.varint("stream count");
    const reason = readReason(r);
    return {
      kind: "publishDone",
      requestId,
      statusCode,
      ...(streamCount !== undefined && { streamCount }),
      reason,
    };
  },
};
