// Transports under MoQT: the WebTransport-shaped contract, the native adapter,
// QMux over WebSocket, the one dial entry (`connectTransport`), and an in-memory
// pair for tests of every layer above.

export { fetchCertificateHash } from "./certificate-hash.ts";
export {
  type ConnectedTransport,
  type ConnectTransportOptions,
  connectTransport,
} from "./connect.ts";
export {
  type ConnectAttempt,
  ConnectError,
  ConnectFailure,
  type TransportKind,
} from "./connect-errors.ts";
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_WEBTRANSPORT_FALLBACK_MS,
  hasWorkingWebTransport,
  type TransportChoice,
} from "./connect-plan.ts";
export { CERTIFICATE_HASH_PATH, type Endpoints, resolveEndpoints } from "./endpoints.ts";
export {
  isSessionCloseError,
  type StreamErrorSource,
  streamError,
  streamErrorCodeOf,
  TransportError,
  TransportErrorCode,
  TransportStreamError,
} from "./errors.ts";
export { isLoopbackHost } from "./loopback.ts";
export { createTransportPair, MemoryTransport, type MemoryTransportOptions } from "./memory.ts";
export {
  connectQmux,
  type QmuxConfig,
  type QmuxConnectOptions,
  type WebSocketConstructor,
  type WebSocketInstance,
} from "./qmux.ts";
export { fromQmuxSession, type QmuxSession } from "./qmux-session.ts";
export {
  applicationProtocolOf,
  parseSubprotocolHeader,
  QMUX_VERSIONS,
  type QmuxVersion,
  qmuxSubprotocols,
} from "./qmux-subprotocols.ts";
export type {
  MoqBidirectionalStream,
  MoqCloseInfo,
  MoqDatagrams,
  MoqReceiveStream,
  MoqSendStream,
  MoqStreamOptions,
  MoqTransport,
} from "./types.ts";
export {
  connectWebTransport,
  fromWebTransport,
  type NativeWebTransport,
  parseHexDigest,
  type WebTransportConnectOptions,
} from "./webtransport.ts";
