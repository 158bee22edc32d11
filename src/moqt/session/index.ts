// The MoqT session layer: handshake, requests, flow control, data streams and
// datagrams over any `MoqTransport`, in the client or the server role.

export type {
  FetchHeader,
  FetchItem,
  FetchObject,
  ObjectDatagram,
  StreamHeader,
  SubgroupHeader,
  SubgroupObject,
} from "../wire/data/index.ts";
export { StreamResetCode } from "../wire/error-codes.ts";
export type {
  Accepts,
  FetchAccept,
  PublishAccept,
  RequestAccept,
  SubscribeAccept,
} from "./answers.ts";
export type { MoqtCloseInfo } from "./closer.ts";
export { ControlReader } from "./control-reader.ts";
export { DEFAULT_MAX_PENDING_OBJECT_BYTES } from "./data-streams.ts";
export type { Listener } from "./emitter.ts";
export {
  CloseReason,
  MoqtErrorCode,
  MoqtRequestError,
  type MoqtRequestErrorInit,
  MoqtSessionError,
  MoqtStreamError,
  MoqtUsageError,
} from "./errors.ts";
export { MoqtSessionEvent, type MoqtSessionEvents } from "./events.ts";
export { FetchStreamWriter } from "./fetch-writer.ts";
export type { Awaitable, MoqtRequestHandler } from "./handler.ts";
export { IncomingFetchStream, IncomingSubgroupStream } from "./incoming-streams.ts";
export { NamespaceAnnouncer } from "./namespace-announcer.ts";
export { NamespaceSubscription, type NamespaceUpdate } from "./namespace-subscription.ts";
export type { NamespaceRef } from "./namespaces.ts";
export {
  negotiationFor,
  protocolsFor,
  SETUP_NEGOTIATED_PROTOCOL,
  selectProtocol,
  selectVersion,
} from "./negotiation.ts";
export type { MoqtSessionListeners, MoqtSessionOptions } from "./options.ts";
export { type StreamPriority, sendOrderFor } from "./priority.ts";
export type {
  Args,
  FetchArgs,
  PublishArgs,
  PublishNamespaceArgs,
  RequestUpdateArgs,
  SubscribeArgs,
  SubscribeNamespaceArgs,
  TrackStatusArgs,
} from "./request-args.ts";
export { RequestErrorName, requestErrorCode, requestErrorName } from "./request-error-codes.ts";
export type { Role } from "./request-ids.ts";
export type { RequestKind, RequestMessage } from "./request-kind.ts";
export type { RequestOptions } from "./requests-out.ts";
export type { RequestOkResult, RequestResults } from "./responses.ts";
export { MoqtSession } from "./session.ts";
export { type EncodedSubgroupObject, SubgroupWriter } from "./subgroup-writer.ts";
export type { SubscribedTrack } from "./track-aliases.ts";
