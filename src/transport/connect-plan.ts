// Which transports `connectTransport` tries, in which order, for how long. Pure.
import { ConnectError, ConnectFailure, type TransportKind } from "./connect-errors.ts";
import type { Endpoints } from "./endpoints.ts";

/** The transport to use: "auto" prefers native WebTransport and falls back to WebSocket. */
export type TransportChoice = "auto" | "webtransport" | "websocket";

/** Default bound of a WebTransport attempt that has a WebSocket fallback behind it. */
export const DEFAULT_WEBTRANSPORT_FALLBACK_MS = 4_000;
/** Default bound of any other attempt. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** One attempt to make. */
export interface PlannedAttempt {
  readonly kind: TransportKind;
  readonly url: URL;
  /** Bound of the attempt, certificate-hash fetch included. */
  readonly timeoutMs: number;
}

/** Timeouts of a plan. */
export interface PlanTimeouts {
  readonly timeoutMs?: number;
  readonly webTransportTimeoutMs?: number;
}

/**
 * True where the runtime has a native WebTransport worth using: Chromium and
 * Firefox. Not Deno, whose 2.9 client is unreliable (no FIN on close, one-deep
 * datagram queue); not Safari before WebTransport, nor Node (none).
 */
export function hasWorkingWebTransport(g: object = globalThis): boolean {
  const scope = g as { WebTransport?: unknown; Deno?: unknown };
  return typeof scope.WebTransport === "function" && scope.Deno === undefined;
}

/**
 * The attempts for `choice`: "auto" tries WebTransport (bounded by
 * `webTransportTimeoutMs`) then WebSocket where WebTransport is usable and the
 * URL allows it, else WebSocket alone; a forced choice makes one attempt, or
 * throws INVALID_URL (WebTransport to a ws: URL) / UNSUPPORTED (no WebTransport).
 */
export function planAttempts(
  endpoints: Endpoints,
  choice: TransportChoice,
  webTransportUsable: boolean,
  t: PlanTimeouts = {},
): PlannedAttempt[] {
  const timeoutMs = t.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const ws: PlannedAttempt = { kind: "websocket", url: endpoints.webSocket, timeoutMs };
  const wt = endpoints.webTransport;
  switch (choice) {
    case "websocket":
      return [ws];
    case "webtransport":
      if (wt === undefined) {
        throw new ConnectError(
          ConnectFailure.INVALID_URL,
          "a ws: / wss: URL cannot be dialed with WebTransport",
        );
      }
      if (!webTransportUsable) {
        throw new ConnectError(
          ConnectFailure.UNSUPPORTED,
          "no usable WebTransport in this runtime",
        );
      }
      return [{ kind: "webtransport", url: wt, timeoutMs }];
    case "auto": {
      if (wt === undefined || !webTransportUsable) return [ws];
      const bound = Math.min(
        t.webTransportTimeoutMs ?? DEFAULT_WEBTRANSPORT_FALLBACK_MS,
        timeoutMs,
      );
      return [{ kind: "webtransport", url: wt, timeoutMs: bound }, ws];
    }
  }
}
