import { WireEncodeError } from "../../errors.ts";
import {
  GroupOrder,
  type Location,
  locationSize,
  readFlag,
  readGroupOrder,
  readLocation,
  readReason,
  reasonSize,
  writeFlag,
  writeGroupOrder,
  writeLocation,
  writeReason,
} from "../../fields.ts";
import {
  type MessageParameters,
  messageParameterPairs,
  messageParametersSize,
  readMessageParameters,
  writeMessageParameters,
} from "../../message-params.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-14 §"TRACK_STATUS_OK": the SUBSCRIBE_OK layout, Request ID (i), Track Alias (i),
//   Expires (i), Group Order (8), Content Exists (8), [Largest Location (Location)],
//   Number of Parameters (i), Parameters (..).
// draft-14 §"TRACK_STATUS_ERROR": the SUBSCRIBE_ERROR layout, Request ID (i), Error Code (i),
//   Error Reason (Reason Phrase).
// draft-16 answers TRACK_STATUS with REQUEST_OK (carrying SUBSCRIBE_OK's parameters) or
// REQUEST_ERROR instead.

/** TRACK_STATUS_OK (draft-14): the state of the track TRACK_STATUS `requestId` asked about. */
export interface TrackStatusOk {
  readonly kind: "trackStatusOk";
  readonly requestId: number;
  /** The publisher sets 0; a receiver does not treat it as a subscription's alias. */
  readonly trackAlias: number;
  /** Milliseconds a subscription would last; 0: no expiry. */
  readonly expiresMs: number;
  /** Ascending or Descending. */
  readonly groupOrder: GroupOrder;
  /** Largest Location of the track; absent when nothing has been published (Content Exists = 0). */
  readonly largestLocation?: Location;
  readonly parameters: MessageParameters;
}

/** TRACK_STATUS_ERROR (draft-14): TRACK_STATUS `requestId` failed; codes in `TrackStatusErrorCode14`. */
export interface TrackStatusError {
  readonly kind: "trackStatusError";
  readonly requestId: number;
  readonly errorCode: number;
  readonly errorReason: string;
}

function checkGroupOrder(order: GroupOrder): GroupOrder {
  if (order !== GroupOrder.ASCENDING && order !== GroupOrder.DESCENDING) {
    throw new WireEncodeError(`TRACK_STATUS_OK group order ${order} is not 1 or 2`);
  }
  return order;
}

export const trackStatusOk: ControlMessageSpec<TrackStatusOk> = {
  kind: "trackStatusOk",
  types: { 14: 0xe },
  size(m, p) {
    checkGroupOrder(m.groupOrder);
    return (
      varintSize(m.requestId) +
      varintSize(m.trackAlias) +
      varintSize(m.expiresMs) +
      2 + // Group Order, Content Exists
      (m.largestLocation === undefined ? 0 : locationSize(m.largestLocation)) +
      messageParametersSize(messageParameterPairs(m.parameters, [], p), p)
    );
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    w.varint(m.trackAlias, "track alias");
    w.varint(m.expiresMs, "expires");
    writeGroupOrder(w, checkGroupOrder(m.groupOrder));
    writeFlag(w, m.largestLocation !== undefined, "content exists");
    if (m.largestLocation !== undefined) writeLocation(w, m.largestLocation, "largest location");
    writeMessageParameters(w, messageParameterPairs(m.parameters, [], p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const trackAlias = r.varint("track alias");
    const expiresMs = r.varint("expires");
    // As in SUBSCRIBE_OK, Group Order 0x0 is a protocol error.
    const groupOrder = readGroupOrder(r, false);
    const contentExists = readFlag(r, "content exists");
    const largest = contentExists ? readLocation(r, "largest location") : undefined;
    const { params } = readMessageParameters(r, p);
    return {
      kind: "trackStatusOk",
      requestId,
      trackAlias,
      expiresMs,
      groupOrder,
      ...(largest === undefined ? {} : { largestLocation: largest }),
      parameters: params,
    };
  },
};

export const trackStatusError: ControlMessageSpec<TrackStatusError> = {
  kind: "trackStatusError",
  types: { 14: 0xf },
  size: (m) => varintSize(m.requestId) + varintSize(m.errorCode) + reasonSize(m.errorReason),
  write(w, m) {
    w.varint(m.requestId, "request ID");
    w.varint(m.errorCode, "error code");
    writeReason(w, m.errorReason);
  },
  read(r) {
    const requestId = r.varint("request ID");
    const errorCode = r.varint("error code");
    return { kind: "trackStatusError", requestId, errorCode, errorReason: readReason(r) };
  },
};
