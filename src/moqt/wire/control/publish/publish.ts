import { WireEncodeError } from "../../errors.ts";
import {
  GroupOrder,
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
import {
  namespaceSize,
  readNamespace,
  readTrackName,
  type TrackNamespace,
  trackNameSize,
  writeNamespace,
  writeTrackName,
} from "../../namespace.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";
import {
  expiresPair,
  forwardPair,
  largestObjectPair,
  liftExpires,
  liftForward,
  liftLargestObject,
} from "./param-values.ts";
import {
  readTrackExtensions,
  trackExtensionsSize,
  writeTrackExtensions,
} from "./track-extensions.ts";

// draft-14 §"PUBLISH": Request ID (i), Track Namespace (tuple), Track Name Length (i),
//   Track Name (..), Track Alias (i), Group Order (8), Content Exists (8),
//   [Largest Location (Location)], Forward (8), Number of Parameters (i), Parameters (..).
// draft-16 §"PUBLISH": Request ID (i), Track Namespace, Track Name Length (i), Track Name (..),
//   Track Alias (i), Number of Parameters (i), Parameters (..) (FORWARD, EXPIRES and
//   LARGEST_OBJECT map to fields), Track Extensions (..) to the end of the message.

/** PUBLISH: the publisher starts a subscription to a track on its own initiative. */
export interface Publish {
  readonly kind: "publish";
  readonly requestId: number;
  readonly trackNamespace: TrackNamespace;
  readonly trackName: Uint8Array;
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

function paramPairs(m: Publish, p: VersionProfile): KeyValuePair[] {
  const own: KeyValuePair[] = [];
  if (p.draft === 16) {
    if (m.expiresMs !== undefined) own.push(expiresPair(m.expiresMs));
    if (m.largestLocation !== undefined) own.push(largestObjectPair(m.largestLocation));
    own.push(forwardPair(m.forward));
  }
  return messageParameterPairs(m.parameters, own, p);
}

function groupOrder14(m: Publish): GroupOrder {
  const order = m.groupOrder ?? GroupOrder.ASCENDING;
  if (order !== GroupOrder.ASCENDING && order !== GroupOrder.DESCENDING) {
    throw new WireEncodeError(`PUBLISH group order ${order} is not Ascending or Descending`);
  }
  return order;
}

function fixedSize14(m: Publish): number {
  groupOrder14(m);
  // Group Order, Content Exists, [Largest Location], Forward.
  return 3 + (m.largestLocation === undefined ? 0 : locationSize(m.largestLocation));
}

export const publish: ControlMessageSpec<Publish> = {
  kind: "publish",
  types: { 14: 0x1d, 16: 0x1d },
  size(m, p) {
    return (
      varintSize(m.requestId) +
      namespaceSize(m.trackNamespace) +
      trackNameSize(m.trackNamespace, m.trackName) +
      varintSize(m.trackAlias) +
      (p.draft === 14 ? fixedSize14(m) : 0) +
      messageParametersSize(paramPairs(m, p), p) +
      (p.draft === 16 ? trackExtensionsSize(m.trackExtensions ?? [], p) : 0)
    );
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    writeNamespace(w, m.trackNamespace);
    writeTrackName(w, m.trackName);
    w.varint(m.trackAlias, "track alias");
    if (p.draft === 14) {
      writeGroupOrder(w, groupOrder14(m));
      writeFlag(w, m.largestLocation !== undefined, "content exists");
      if (m.largestLocation !== undefined) writeLocation(w, m.largestLocation, "largest location");
      writeFlag(w, m.forward, "forward");
    }
    writeMessageParameters(w, paramPairs(m, p), p);
    if (p.draft === 16) writeTrackExtensions(w, m.trackExtensions ?? [], p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const trackNamespace = readNamespace(r);
    const trackName = readTrackName(r, trackNamespace);
    const trackAlias = r.varint("track alias");
    if (p.draft === 14) {
      // Group Order 0x0 is a protocol error in PUBLISH.
      const groupOrder = readGroupOrder(r, false);
      const contentExists = readFlag(r, "content exists");
      const largest = contentExists ? readLocation(r, "largest location") : undefined;
      const forward = readFlag(r, "forward");
      const { params } = readMessageParameters(r, p);
      return {
        kind: "publish",
        requestId,
        trackNamespace,
        trackName,
        trackAlias,
        groupOrder,
        ...(largest === undefined ? {} : { largestLocation: largest }),
        forward,
        parameters: params,
      };
    }
    const at = r.pos;
    const { params, lifted } = readMessageParameters(r, p, OWN_16);
    const largest = liftLargestObject(lifted, at);
    const expiresMs = liftExpires(lifted);
    const trackExtensions = readTrackExtensions(r, p);
    return {
      kind: "publish",
      requestId,
      trackNamespace,
      trackName,
      trackAlias,
      ...(largest === undefined ? {} : { largestLocation: largest }),
      forward: liftForward(lifted, at) ?? true,
      ...(expiresMs === undefined ? {} : { expiresMs }),
      parameters: params,
      ...(trackExtensions.length === 0 ? {} : { trackExtensions }),
    };
  },
};
