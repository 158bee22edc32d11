import {
  type GroupOrder,
  type Location,
  locationSize,
  readFlag,
  readGroupOrder,
  readLocation,
  writeFlag,
  writeGroupOrder,
  writeLocation,
} from "../../fields.ts";
import type { KeyValuePair } from "../../key-value.ts";
import {
  type MessageParameters,
  messageParameterPairs,
  messageParametersSize,
  readMessageParameters,
  writeMessageParameters,
} from "../../message-params.ts";
import {
  readTrackExtensions,
  trackExtensionsSize,
  writeTrackExtensions,
} from "../../track-extensions.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";
import { ascendingOrDescending } from "../track-state.ts";

// draft-14 §"FETCH_OK": Request ID (i), Group Order (8), End Of Track (8),
//   End Location (Location), Number of Parameters (i), Parameters (..).
// draft-16 §"FETCH_OK": Request ID (i), End Of Track (8), End Location (Location),
//   Number of Parameters (i), Parameters (..), Track Extensions (..) to the end of the message.

/** FETCH_OK: the publisher accepts FETCH `requestId`. */
export interface FetchOk {
  readonly kind: "fetchOk";
  readonly requestId: number;
  /**
   * draft-14 only, Ascending or Descending; draft-14 has no default for it, so encoding
   * draft-14 without it throws. draft-16 FETCH_OK has no Group Order (not sent).
   */
  readonly groupOrder?: GroupOrder;
  /** All Objects of the track are published and `endLocation` is the final one. */
  readonly endOfTrack: boolean;
  /** The largest Object covered, as an end Location plus 1 (object 0: the whole group). */
  readonly endLocation: Location;
  readonly parameters: MessageParameters;
  /** draft-16 only: Track Extensions, absent when there are none. */
  readonly trackExtensions?: readonly KeyValuePair[];
}

function groupOrder14(m: FetchOk): GroupOrder {
  return ascendingOrDescending(m.groupOrder, "draft-14 FETCH_OK");
}

export const fetchOk: ControlMessageSpec<FetchOk> = {
  kind: "fetchOk",
  types: { 14: 0x18, 16: 0x18 },
  size(m, p) {
    if (p.draft === 14) groupOrder14(m);
    return (
      varintSize(m.requestId) +
      (p.draft === 14 ? 2 : 1) + // [Group Order], End Of Track
      locationSize(m.endLocation) +
      messageParametersSize(messageParameterPairs(m.parameters, [], p), p) +
      (p.draft === 16 ? trackExtensionsSize(m.trackExtensions ?? [], p) : 0)
    );
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    if (p.draft === 14) writeGroupOrder(w, groupOrder14(m));
    writeFlag(w, m.endOfTrack, "end of track");
    writeLocation(w, m.endLocation, "end location");
    writeMessageParameters(w, messageParameterPairs(m.parameters, [], p), p);
    if (p.draft === 16) writeTrackExtensions(w, m.trackExtensions ?? [], p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    // draft-14: Group Order 0x0 is a protocol error in FETCH_OK.
    const groupOrder = p.draft === 14 ? readGroupOrder(r, false) : undefined;
    const endOfTrack = readFlag(r, "end of track");
    const endLocation = readLocation(r, "end location");
    const { params } = readMessageParameters(r, p);
    if (groupOrder !== undefined) {
      return {
        kind: "fetchOk",
        requestId,
        groupOrder,
        endOfTrack,
        endLocation,
        parameters: params,
      };
    }
    const trackExtensions = readTrackExtensions(r, p);
    return {
      kind: "fetchOk",
      requestId,
      endOfTrack,
      endLocation,
      parameters: params,
      ...(trackExtensions.length === 0 ? {} : { trackExtensions }),
    };
  },
};
