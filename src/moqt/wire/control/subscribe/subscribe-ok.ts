// draft-14 §"SUBSCRIBE_OK", draft-16 §"SUBSCRIBE_OK"
//   draft-14: Request ID (i), Track Alias (i), Expires (i), Group Order (8), Content Exists (8),
//             [Largest Location (Location)], Number of Parameters (i), Parameters
//   draft-16: Request ID (i), Track Alias (i), Number of Parameters (i), Parameters,
//             Track Extensions (..) to the end of the message; expiry and largest
//             location travel as EXPIRES and LARGEST_OBJECT.
import { WireEncodeError } from "../../errors.ts";
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
  MessageParam,
  type MessageParameters,
  messageParameterPairs,
  messageParametersSize,
  readMessageParameters,
  writeMessageParameters,
} from "../../message-params.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";
import { largestObjectPair, liftedLargestObject, liftedVarint, varintPair } from "./params.ts";
import {
  readTrackExtensions,
  trackExtensionsSize,
  writeTrackExtensions,
} from "./track-extensions.ts";

export interface SubscribeOk {
  readonly kind: "subscribeOk";
  readonly requestId: number;
  readonly trackAlias: number;
  /** Milliseconds until the subscription ends; 0: no expiry. draft-16 EXPIRES, omitted when 0. */
  readonly expiresMs: number;
  /** draft-14 only, and required there: the delivery order, Ascending (1) or Descending (2). */
  readonly groupOrder?: GroupOrder;
  /** Largest Location of the track; absent when nothing has been published (Content Exists = 0). */
  readonly largestLocation?: Location;
  readonly parameters: MessageParameters;
  /** draft-16 only: Track Extensions, absent when there are none. */
  readonly trackExtensions?: readonly KeyValuePair[];
}

const OWN_16 = [MessageParam.EXPIRES, MessageParam.LARGEST_OBJECT];

function pairs(m: SubscribeOk, p: VersionProfile): KeyValuePair[] {
  if (p.draft === 14) return messageParameterPairs(m.parameters, [], p);
  const own: KeyValuePair[] = [];
  if (m.expiresMs !== 0) own.push(varintPair(MessageParam.EXPIRES, m.expiresMs));
  if (m.largestLocation !== undefined) own.push(largestObjectPair(m.largestLocation));
  return messageParameterPairs(m.parameters, own, p);
}

function groupOrder14(m: SubscribeOk): GroupOrder {
  if (m.groupOrder !== 1 && m.groupOrder !== 2) {
    throw new WireEncodeError(
      `draft-14 SUBSCRIBE_OK needs Group Order 1 or 2, got ${m.groupOrder}`,
    );
  }
  return m.groupOrder;
}

export const subscribeOk: ControlMessageSpec<SubscribeOk> = {
  kind: "subscribeOk",
  types: { 14: 0x4, 16: 0x4 },
  size(m, p) {
    let n = varintSize(m.requestId) + varintSize(m.trackAlias);
    if (p.draft === 14) {
      groupOrder14(m);
      n += varintSize(m.expiresMs) + 2;
      if (m.largestLocation !== undefined) n += locationSize(m.largestLocation);
    } else {
      n += trackExtensionsSize(m.trackExtensions ?? [], p);
    }
    return n + messageParametersSize(pairs(m, p), p);
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    w.varint(m.trackAlias, "track alias");
    if (p.draft === 14) {
      w.varint(m.expiresMs, "expires");
      writeGroupOrder(w, groupOrder14(m));
      writeFlag(w, m.largestLocation !== undefined, "content exists");
      if (m.largestLocation !== undefined) writeLocation(w, m.largestLocation, "largest location");
    }
    writeMessageParameters(w, pairs(m, p), p);
    if (p.draft === 16) writeTrackExtensions(w, m.trackExtensions ?? [], p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const trackAlias = r.varint("track alias");
    if (p.draft === 14) {
      const expiresMs = r.varint("expires");
      const groupOrder = readGroupOrder(r, false);
      const contentExists = readFlag(r, "content exists");
      const largestLocation = contentExists ? readLocation(r, "largest location") : undefined;
      const { params } = readMessageParameters(r, p);
      return {
        kind: "subscribeOk",
        requestId,
        trackAlias,
        expiresMs,
        groupOrder,
        ...(largestLocation !== undefined && { largestLocation }),
        parameters: params,
      };
    }
    const at = r.pos;
    const { params, lifted } = readMessageParameters(r, p, OWN_16);
    const largestLocation = liftedLargestObject(lifted, at);
    const trackExtensions = readTrackExtensions(r, p);
    return {
      kind: "subscribeOk",
      requestId,
      trackAlias,
      expiresMs: liftedVarint(lifted, MessageParam.EXPIRES) ?? 0,
      ...(largestLocation !== undefined && { largestLocation }),
      parameters: params,
      ...(trackExtensions.length > 0 && { trackExtensions }),
    };
  },
};
