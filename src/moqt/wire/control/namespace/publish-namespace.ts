import {
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
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

// draft-14 §"PUBLISH_NAMESPACE", draft-16 §"PUBLISH_NAMESPACE" (same layout):
//   Request ID (i), Track Namespace (1..32 fields), Number of Parameters (i), Parameters.

/** PUBLISH_NAMESPACE: the sender has tracks available under `trackNamespace`. */
export interface PublishNamespace {
  readonly kind: "publishNamespace";
  readonly requestId: number;
  readonly trackNamespace: TrackNamespace;
  readonly parameters: MessageParameters;
}

export const publishNamespace: ControlMessageSpec<PublishNamespace> = {
  kind: "publishNamespace",
  types: { 14: 0x6, 16: 0x6 },
  size(m, p) {
    return (
      varintSize(m.requestId) +
      namespaceSize(m.trackNamespace) +
      messageParametersSize(messageParameterPairs(m.parameters, [], p), p)
    );
  },
  write(w, m, p) {
    w.varint(m.requestId, "request ID");
    writeNamespace(w, m.trackNamespace);
    writeMessageParameters(w, messageParameterPairs(m.parameters, [], p), p);
  },
  read(r, p) {
    const requestId = r.varint("request ID");
    const trackNamespace = readNamespace(r);
    const { params } = readMessageParameters(r, p);
    return { kind: "publishNamespace", requestId, trackNamespace, parameters: params };
  },
};
