import type { PublishDone } from "../wire/control/subscribe/publish-done.ts";
import type { ObjectDatagram } from "../wire/data/index.ts";
import type { TrackNamespace } from "../wire/namespace.ts";
import type { MoqtCloseInfo } from "./closer.ts";
import type { IncomingFetchStream, IncomingSubgroupStream } from "./incoming-streams.ts";
import type { NamespaceRef } from "./namespaces.ts";

/** Event names of `MoqtSession`, for those who prefer constants to literals. */
export const MoqtSessionEvent = {
  GO_AWAY: "goAway",
  SUBGROUP_STREAM: "subgroupStream",
  FETCH_STREAM: "fetchStream",
  DATAGRAM: "datagram",
  UNSUBSCRIBE: "unsubscribe",
  PUBLISH_DONE: "publishDone",
  FETCH_CANCEL: "fetchCancel",
  PUBLISH_NAMESPACE_DONE: "publishNamespaceDone",
  PUBLISH_NAMESPACE_CANCEL: "publishNamespaceCancel",
  UNSUBSCRIBE_NAMESPACE: "unsubscribeNamespace",
  REQUESTS_BLOCKED: "requestsBlocked",
  CLOSE: "close",
} as const satisfies Record<string, keyof MoqtSessionEvents>;

/** Payloads of `MoqtSession` events, by name. */
export interface MoqtSessionEvents {
  /** The peer will close the session soon; migrate (§"GOAWAY"). Fires at most once. */
  goAway: { readonly newSessionUri: string };
  /** A subgroup stream arrived; read it or `cancel()` it. Cancelled when nobody listens. */
  subgroupStream: IncomingSubgroupStream;
  /** A FETCH response stream arrived; `header.requestId` names the FETCH. */
  fetchStream: IncomingFetchStream;
  /** An Object datagram arrived (its payload is a view into the datagram). */
  datagram: ObjectDatagram;
  /** The subscriber ended subscription `requestId` (UNSUBSCRIBE). */
  unsubscribe: { readonly requestId: number };
  /** The publisher ended a subscription (PUBLISH_DONE). */
  publishDone: PublishDone;
  /** The fetcher cancelled FETCH `requestId` (FETCH_CANCEL). */
  fetchCancel: { readonly requestId: number };
  /** The peer withdrew a PUBLISH_NAMESPACE it sent. */
  publishNamespaceDone: NamespaceRef;
  /** The peer revoked its acceptance of a PUBLISH_NAMESPACE this endpoint sent. */
  publishNamespaceCancel: NamespaceRef & { readonly errorCode: number; readonly reason: string };
  /** draft-14: the peer withdrew a SUBSCRIBE_NAMESPACE (UNSUBSCRIBE_NAMESPACE). */
  unsubscribeNamespace: { readonly trackNamespacePrefix: TrackNamespace };
  /** The peer is out of Request IDs (REQUESTS_BLOCKED). */
  requestsBlocked: { readonly maximumRequestId: number };
  /** The session ended (also the value of `closed`). */
  close: MoqtCloseInfo;
}
