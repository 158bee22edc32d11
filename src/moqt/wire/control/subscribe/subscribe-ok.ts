// draft-14 §"SUBSCRIBE_OK", draft-16 §"SUBSCRIBE_OK"
//   draft-14: Request ID (i), Track Alias (i), Expires (i), Group Order (8), Content Exists (8),
//             [Largest Location (Location)], Number of Parameters (i), Parameters
//   draft-16: Request ID (i), Track Alias (i), Number of Parameters (i), Parameters,
//             Track Extensions (..) to the end of the message; expiry and largest
//             location travel as EXPIRES and LARGEST_OBJECT.
import type { GroupOrder, Location } from "../../fields.ts";
import type { KeyValuePair } from "../../key-value.ts";
import {
  MessageParam,
  type MessageParameters,
  messageParameterPairs,
  messageParametersSize,
  readMessageParameters,
  writeMessageParameters,
} from "../../message-params.ts";
import { liftParamFields, paramPairs } from "../../param-values.ts";
import {
  readTrackExtensions,
  trackExtensionsSize,
  writeTrackExtensions,
} from "../../track-extensions.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";
import { readTrackState14, trackState14Size, writeTrackState14 } from "../track-state.ts";

/** SUBSCRIBE_OK (§"SUBSCRIBE_OK"): the subscription is accepted under `trackAlias`. */
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
  // EXPIRES 0 and no EXPIRES mean the same; 0 is left out.
  const own = {
    expiresMs: m.expiresMs === 0 ? undefined : m.expiresMs,
    largestLocation: m.largestLocation,
  };
  return messageParameterPairs(m.parameters, paramPairs(own, OWN_16), p);
}

const WHAT_14 = "draft-14 SUBSCRIBE_OK";

export const subscribeOk: ControlMessageSpec<SubscribeOk> = {
  kind: "subscribeOk",
  types: { 14: 0x4, 16: 0x4 },
  size(m, p) {
    return (
      varintSize(m.requestId) +
      varintSize(m.trackAlias) +
      (p.draft === 14 ? trackState14Size(m, WHAT_14) : 0) +
      messageParametersSize(pairs(m, p), p) +
      (p.draft === 16 ? trackExtensionsSize(m.trackExtensions ?? [], p) : 0)
    );
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    w.varint(m.trackAlias, "track alias");
    if (p.draft === 14) writeTrackState14(w, m, WHAT_14);
    writeMessageParameters(w, pairs(m, p), p);
    if (p.draft === 16) writeTrackExtensions(w, m.trackExtensions ?? [], p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const trackAlias = r.varint("track alias");
    const head = { kind: "subscribeOk", requestId, trackAlias } as const;
    if (p.draft === 14) {
      const state = readTrackState14(r);
      return { ...head, ...state, parameters: readMessageParameters(r, p).params };
    }
    const at = r.pos;
    const { params, lifted } = readMessageParameters(r, p, OWN_16);
    const f = liftParamFields(lifted, at);
    const trackExtensions = readTrackExtensions(r, p);
    return {
      ...head,
      ...f,
      expiresMs: f.expiresMs ?? 0,
      parameters: params,
      ...(trackExtensions.length > 0 && { trackExtensions }),
    };
  },
};
