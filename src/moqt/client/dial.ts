import { connectTransport } from "../../transport/connect.ts";
import type { TransportChoice } from "../../transport/connect-plan.ts";
import type { MoqTransport } from "../../transport/types.ts";

/** What the client asks of a transport when it dials. */
export interface DialOptions {
  /** WebTransport protocols / ALPNs to offer, best first (e.g. ["moqt-16", "moq-00"]). */
  readonly protocols: readonly string[];
  /** Aborted when the attempt is abandoned (timeout, `close()`). */
  readonly signal: AbortSignal;
}

/**
 * Opens a transport to the relay at `url`; resolves once it is ready. Inject one
 * through `MoqtClientOptions.dial` (tests pass in-memory transports). How a
 * rejection is treated: a `ConnectError` that is not `retryable` is fatal
 * (bad URL, no transport, TLS refused, session rejected); a `TransportError`
 * TRANSPORT_UNSUPPORTED is fatal; anything else is retried.
 */
export type Dial = (url: URL, options: DialOptions) => Promise<MoqTransport>;

/**
 * The default dial: `connectTransport` — native WebTransport where the runtime
 * has a working one, QMux over WebSocket otherwise, and the dev server's
 * certificate pinned for loopback / http:// URLs.
 */
export const defaultDial: Dial = (url, options) =>
  connectTransport(url, { protocols: options.protocols, signal: options.signal });

/**
 * `connectTransport` with a forced choice: "websocket" always uses QMux over
 * WebSocket (e.g. to test the fallback in a browser with WebTransport),
 * "webtransport" never falls back, "auto" is `defaultDial`.
 */
export function dialWith(transport: TransportChoice): Dial {
  if (transport === "auto") return defaultDial;
  return (url, options) =>
    connectTransport(url, { transport, protocols: options.protocols, signal: options.signal });
}
