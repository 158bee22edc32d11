import type { GroupOrder, Location } from "../../fields.ts";
import {
  type MessageParameters,
  messageParameterPairs,
  messageParametersSize,
  readMessageParameters,
  writeMessageParameters,
} from "../../message-params.ts";
import { varintSize } from "../../writer.ts";
import { type RequestErrorShape, requestErrorSpec } from "../request-error-shape.ts";
import type { ControlMessageSpec } from "../spec.ts";
import { readTrackState14, trackState14Size, writeTrackState14 } from "../track-state.ts";

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
export interface TrackStatusError extends RequestErrorShape<"trackStatusError"> {}

const WHAT = "TRACK_STATUS_OK";

export const trackStatusOk: ControlMessageSpec<TrackStatusOk> = {
  kind: "trackStatusOk",
  types: { 14: 0xe },
  size: (m, p) =>
    varintSize(m.requestId) +
    varintSize(m.trackAlias) +
    trackState14Size(m, WHAT) +
    messageParametersSize(messageParameterPairs(m.parameters, [], p), p),
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    w.varint(m.trackAlias, "track alias");
    writeTrackState14(w, m, WHAT);
    writeMessageParameters(w, messageParameterPairs(m.parameters, [], p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const trackAlias = r.varint("track alias");
    const state = readTrackState14(r);
    const { params } = readMessageParameters(r, p);
    return { kind: "trackStatusOk", requestId, trackAlias, ...state, parameters: params };
  },
};

export const trackStatusError: ControlMessageSpec<TrackStatusError> = requestErrorSpec(
  "trackStatusError",
  { 14: 0xf },
);
