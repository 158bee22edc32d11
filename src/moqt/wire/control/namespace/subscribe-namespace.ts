import { malformed, WireEncodeError } from "../../errors.ts";
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
  type TrackNamespace,
  writeNamespace,
} from "../../namespace.ts";
import { paramPairs } from "../../param-values.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";
import { SubscribeOptions } from "./subscribe-options.ts";

// draft-14 §"SUBSCRIBE_NAMESPACE": Request ID (i), Track Namespace Prefix (1..32 fields),
//   Number of Parameters (i), Parameters.
// draft-16 §"SUBSCRIBE_NAMESPACE": Request ID (i), Track Namespace Prefix (0..32 fields),
//   Subscribe Options (i), Number of Parameters (i), Parameters (may hold FORWARD).

export { SubscribeOptions };

/** Fewest prefix fields: draft-14 refuses an empty prefix, draft-16 allows it. */
const MIN_PREFIX_FIELDS = { 14: 1, 16: 0 } as const;

/**
 * SUBSCRIBE_NAMESPACE. draft-16 sends it on its own bidirectional stream; the
 * message framing is the same as on the control stream.
 */
export interface SubscribeNamespace {
  readonly kind: "subscribeNamespace";
  readonly requestId: number;
  readonly trackNamespacePrefix: TrackNamespace;
  /** draft-16 only, where it is required. */
  readonly subscribeOptions?: SubscribeOptions;
  /** draft-16 FORWARD parameter (0x10); absent means forward (1). */
  readonly forward?: boolean;
  readonly parameters: MessageParameters;
}

function ownPairs(m: SubscribeNamespace, p: VersionProfile): KeyValuePair[] {
  if (p.draft === 14) {
    if (m.subscribeOptions !== undefined || m.forward !== undefined) {
      throw new WireEncodeError("subscribeNamespace: draft-14 has no Subscribe Options or FORWARD");
    }
    return [];
  }
  const o = m.subscribeOptions;
  if (o === undefined)
    throw new WireEncodeError("subscribeNamespace: draft-16 needs subscribeOptions");
  if (o !== 0 && o !== 1 && o !== 2) {
    throw new WireEncodeError(`subscribeNamespace: invalid subscribe options ${o}`);
  }
  return paramPairs(m, [MessageParam.FORWARD]);
}

export const subscribeNamespace: ControlMessageSpec<SubscribeNamespace> = {
  kind: "subscribeNamespace",
  types: { 14: 0x11, 16: 0x11 },
  size(m, p) {
    const pairs = messageParameterPairs(m.parameters, ownPairs(m, p), p);
    return (
      varintSize(m.requestId) +
      namespaceSize(m.trackNamespacePrefix, MIN_PREFIX_FIELDS[p.draft]) +
      (p.draft === 16 ? varintSize(m.subscribeOptions!) : 0) +
      messageParametersSize(pairs, p)
    );
  },
  write(w, m, p) {
    const pairs = messageParameterPairs(m.parameters, ownPairs(m, p), p);
    w.varint(m.requestId, "request ID");
    writeNamespace(w, m.trackNamespacePrefix);
    if (p.draft === 16) w.varint(m.subscribeOptions!, "subscribe options");
    writeMessageParameters(w, pairs, p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const trackNamespacePrefix = readNamespace(r, MIN_PREFIX_FIELDS[p.draft]);
    if (p.draft === 14) {
      const { params } = readMessageParameters(r, p);
      return { kind: "subscribeNamespace", requestId, trackNamespacePrefix, parameters: params };
    }
    const at = r.pos;
    const options = r.varint("subscribe options");
    if (options > SubscribeOptions.BOTH)
      throw malformed(at, `invalid subscribe options ${options}`);
    const paramsAt = r.pos;
    const { params, lifted } = readMessageParameters(r, p, [MessageParam.FORWARD]);
    const msg: SubscribeNamespace = {
      kind: "subscribeNamespace",
      requestId,
      trackNamespacePrefix,
      subscribeOptions: options as SubscribeOptions,
      parameters: params,
    };
    const fwd = lifted.get(MessageParam.FORWARD)?.value;
    if (fwd === undefined) return msg;
    // §"FORWARD Parameter": only 0 or 1.
    if (fwd !== 0 && fwd !== 1) throw malformed(paramsAt, `FORWARD must be 0 or 1, got ${fwd}`);
    return { ...msg, forward: fwd === 1 };
  },
};
