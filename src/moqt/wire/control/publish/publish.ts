import {
  GroupOrder,
  type Location,
  readFlag,
  readGroupOrder,
  writeFlag,
  writeGroupOrder,
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
import { liftParamFields, paramPairs } from "../../param-values.ts";
import {
  readTrackExtensions,
  trackExtensionsSize,
  writeTrackExtensions,
} from "../../track-extensions.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import {
  type FullTrackName,
  fullTrackNameSize,
  readFullTrackName,
  writeFullTrackName,
} from "../full-track-name.ts";
import type { ControlMessageSpec } from "../spec.ts";
import {
  ascendingOrDescending,
  largestLocationSize,
  readLargestLocation,
  writeLargestLocation,
} from "../track-state.ts";

// draft-14 §"PUBLISH": Request ID (i), Track Namespace (tuple), Track Name Length (i),
//   Track Name (..), Track Alias (i), Group Order (8), Content Exists (8),
//   [Largest Location (Location)], Forward (8), Number of Parameters (i), Parameters (..).
// draft-16 §"PUBLISH": Request ID (i), Track Namespace, Track Name Length (i), Track Name (..),
//   Track Alias (i), Number of Parameters (i), Parameters (..) (FORWARD, EXPIRES and
//   LARGEST_OBJECT map to fields), Track Extensions (..) to the end of the message.

/** PUBLISH: the publisher starts a subscription to a track on its own initiative. */
export interface Publish extends FullTrackName {
  readonly kind: "publish";
  readonly requestId: number;
  readonly trackAlias: number;
  /**
   * draft-14 Group Order, Ascending or Descending. draft-16 has no such field (the
   * DEFAULT_PUBLISHER_GROUP_ORDER track extension replaces it): ignored there, and a
   * draft-14 encode without it writes Ascending, that extension's default.
   */
  readonly groupOrder?: GroupOrder;
  /** draft-14 Largest Location (Content Exists = 1), draft-16 LARGEST_OBJECT. Absent: no Objects yet. */
  readonly largestLocation?: Location;
  /** draft-16 FORWARD; true when the parameter is absent. */
  readonly forward: boolean;
  /** draft-16 EXPIRES in milliseconds (0: no known expiry); not sent in draft-14. */
  readonly expiresMs?: number;
  readonly parameters: MessageParameters;
  /** draft-16 only: Track Extensions, absent when there are none. */
  readonly trackExtensions?: readonly KeyValuePair[];
}

const OWN_16 = [MessageParam.EXPIRES, MessageParam.LARGEST_OBJECT, MessageParam.FORWARD];

function pairs(m: Publish, p: VersionProfile): KeyValuePair[] {
  return messageParameterPairs(m.parameters, p.draft === 16 ? paramPairs(m, OWN_16) : [], p);
}

function groupOrder14(m: Publish): GroupOrder {
  return ascendingOrDescending(m.groupOrder ?? GroupOrder.ASCENDING, "draft-14 PUBLISH");
}

function fixedSize14(m: Publish): number {
  groupOrder14(m);
  // Group Order, Content Exists, [Largest Location], Forward.
  return 2 + largestLocationSize(m.largestLocation);
}

export const publish: ControlMessageSpec<Publish> = {
  kind: "publish",
  types: { 14: 0x1d, 16: 0x1d },
  size(m, p) {
    return (
      varintSize(m.requestId) +
      fullTrackNameSize(m) +
      varintSize(m.trackAlias) +
      (p.draft === 14 ? fixedSize14(m) : 0) +
      messageParametersSize(pairs(m, p), p) +
      (p.draft === 16 ? trackExtensionsSize(m.trackExtensions ?? [], p) : 0)
    );
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    writeFullTrackName(w, m);
    w.varint(m.trackAlias, "track alias");
    if (p.draft === 14) {
      writeGroupOrder(w, groupOrder14(m));
      writeLargestLocation(w, m.largestLocation);
      writeFlag(w, m.forward, "forward");
    }
    writeMessageParameters(w, pairs(m, p), p);
    if (p.draft === 16) writeTrackExtensions(w, m.trackExtensions ?? [], p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const name = readFullTrackName(r);
    const head = {
      kind: "publish",
      requestId,
      ...name,
      trackAlias: r.varint("track alias"),
    } as const;
    if (p.draft === 14) {
      // Group Order 0x0 is a protocol error in PUBLISH.
      const groupOrder = readGroupOrder(r, false);
      const largestLocation = readLargestLocation(r);
      const forward = readFlag(r, "forward");
      const { params } = readMessageParameters(r, p);
      return {
        ...head,
        groupOrder,
        ...(largestLocation !== undefined && { largestLocation }),
        forward,
        parameters: params,
      };
    }
    const at = r.pos;
    const { params, lifted } = readMessageParameters(r, p, OWN_16);
    const f = liftParamFields(lifted, at);
    const trackExtensions = readTrackExtensions(r, p);
    return {
      ...head,
      ...f,
      forward: f.forward ?? true,
      parameters: params,
      ...(trackExtensions.length > 0 && { trackExtensions }),
    };
  },
};
