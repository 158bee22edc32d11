// Hands QMux-over-WebSocket sessions on one path to a relay.

import type { MoqTransport } from "../../../src/transport/types.ts";
import type { AcceptInfo } from "../core/relay.ts";
import { acceptQmux, isWebSocketUpgrade, type QmuxAcceptOptions } from "./accept.ts";

/** What `serveRelayWebSocket` needs of a relay (`Relay` fits). */
export interface TransportAcceptor {
  accept(transport: MoqTransport, info: AcceptInfo): Promise<unknown>;
}

/** Options of `serveRelayWebSocket`. */
export interface RelayWebSocketOptions extends QmuxAcceptOptions {
  /** The endpoint path; default "/moq". */
  readonly path?: string;
  /** Called when an upgraded socket never opened. */
  readonly onError?: (error: unknown) => void;
}

/** The default endpoint path. */
export const DEFAULT_WEBSOCKET_PATH = "/moq";

/**
 * Answers a WebSocket upgrade to `path` and hands the session to `relay.accept`
 * with the request's path and query (`?jwt=` may carry the token). Returns
 * undefined for any other request, for the caller's next handler.
 */
export function serveRelayWebSocket(
  relay: TransportAcceptor,
  req: Request,
  options: RelayWebSocketOptions = {},
): Response | undefined {
  const url = new URL(req.url);
  if (url.pathname !== (options.path ?? DEFAULT_WEBSOCKET_PATH) || !isWebSocketUpgrade(req)) {
    return undefined;
  }
  const up = acceptQmux(req, options);
  if (up.transport !== null) {
    up.transport.then(
      (t) => relay.accept(t, { path: url.pathname, query: url.search.slice(1) }),
      (e: unknown) => options.onError?.(e),
    );
  }
  return up.response;
}
