// Transports under MoQT: the WebTransport-shaped contract, the native adapter,
// and an in-memory pair for tests of every layer above.
export {
  isSessionCloseError,
  type StreamErrorSource,
  streamError,
  streamErrorCodeOf,
  TransportError,
  TransportErrorCode,
  TransportStreamError,
} from "./errors.ts";
export { createTransportPair, MemoryTransport, type MemoryTransportOptions } from "./memory.ts";
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
