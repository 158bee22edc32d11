/**
 * HTTP/3 + WebTransport server layer on Deno QUIC, for the local MoQT relay.
 * @module
 */
export {
  type GenerateCertificateOptions,
  generateCertificate,
  loadCertificate,
  loadCertificateFiles,
  type ServerCertificate,
} from "./certificate.ts";
export type { WebTransportDatagrams } from "./datagram-duplex.ts";
export {
  H3Error,
  httpCodeToWebTransport,
  SessionClosedError,
  WtError,
  webTransportCodeToHttp,
} from "./errors.ts";
export type { WebTransportRequest } from "./request.ts";
export { WebTransportSendStream } from "./send-stream.ts";
export {
  type AcceptResult,
  preferClientOrder,
  WebTransportServer,
  type WebTransportServerOptions,
} from "./server.ts";
export {
  type SessionCloseInfo,
  type StreamOpenOptions,
  type WebTransportBidirectionalStream,
  type WebTransportCloseInfo,
  WebTransportSession,
} from "./session.ts";
