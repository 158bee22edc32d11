/**
 * QMux over WebSocket for the local relay (Deno): the fallback transport for
 * Safari, Node and Deno clients, and for browsers where UDP is blocked.
 * @module
 */
export {
  acceptQmux,
  chooseSubprotocol,
  isWebSocketUpgrade,
  type QmuxAcceptOptions,
  type QmuxUpgrade,
} from "./accept.ts";
export {
  DEFAULT_WEBSOCKET_PATH,
  type RelayWebSocketOptions,
  serveRelayWebSocket,
  type TransportAcceptor,
} from "./serve.ts";
