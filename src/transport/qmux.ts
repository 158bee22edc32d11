// Client side of MoQT over QMux over WebSocket (draft-ietf-quic-qmux-02), via
// `@moq/qmux`: the fallback where native WebTransport is missing or blocked.
import Session, { type Config } from "@moq/qmux";
import { ConnectError, ConnectFailure, toConnectError } from "./connect-errors.ts";
import { fromQmuxSession, type QmuxSession } from "./qmux-session.ts";
import { type QmuxSubprotocolOptions, qmuxSubprotocols } from "./qmux-subprotocols.ts";
import type { MoqTransport } from "./types.ts";
import { ensurePromiseWithResolvers } from "./with-resolvers.ts";

/** QMux flow-control and size settings (`@moq/qmux` `Config`). */
export type QmuxConfig = Config;

/**
 * The slice of a WebSocket this transport needs; the browser / Deno / Node 22
 * global `WebSocket` and the `ws` package's class all fit.
 */
export interface WebSocketInstance {
  binaryType: string;
  readonly bufferedAmount: number;
  readonly readyState: number;
  readonly protocol: string;
  send(data: ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket class: `new (url, protocols)`. */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocketInstance;

/** Default time for the WebSocket handshake. */
export const DEFAULT_QMUX_TIMEOUT_MS = 10_000;

/** Options of `connectQmux`. */
export interface QmuxConnectOptions extends QmuxSubprotocolOptions {
  /** Application protocols (MoQT: "moqt-16", "moq-00"), preferred first. */
  readonly protocols?: readonly string[];
  /**
   * The WebSocket class to dial with; default the global `WebSocket`. Node 20 has
   * none unless started with `--experimental-websocket`: pass one (e.g. from `ws`).
   */
  readonly webSocket?: WebSocketConstructor;
  readonly config?: QmuxConfig;
  /** Send-buffer high-water mark in bytes for write backpressure (`@moq/qmux`). */
  readonly sendBufferSize?: number;
  readonly signal?: AbortSignal;
  /** Time for the WebSocket handshake; default `DEFAULT_QMUX_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
}

/** `url` as a ws:/wss: URL (https → wss, http → ws); INVALID_URL otherwise. */
export function toWebSocketScheme(url: string | URL): URL {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch (e) {
    throw new ConnectError(ConnectFailure.INVALID_URL, `invalid URL "${String(url)}"`, {
      cause: e,
    });
  }
  const scheme = { "https:": "wss:", "wss:": "wss:", "http:": "ws:", "ws:": "ws:" }[u.protocol];
  if (scheme === undefined) {
    throw new ConnectError(ConnectFailure.INVALID_URL, `cannot dial ${u.protocol} over WebSocket`);
  }
  // Changing between special schemes is allowed by the URL standard.
  u.protocol = scheme;
  u.hash = "";
  return u;
}

function errorEventMessage(ev: unknown): string {
  const e = ev as { message?: unknown; error?: { message?: unknown } };
  if (typeof e.message === "string") return e.message;
  return typeof e.error?.message === "string" ? e.error.message : "";
}

/** Opens the QMux session: on a native WebSocketStream where there is one, else on a WebSocket. */
function openSession(
  url: URL,
  o: QmuxConnectOptions,
  onSocketError: (message: string) => void,
): QmuxSession {
  const common = {
    ...(o.config !== undefined && { config: o.config }),
    ...(o.sendBufferSize !== undefined && { sendBufferSize: o.sendBufferSize }),
  };
  const g = globalThis as { WebSocketStream?: unknown; WebSocket?: WebSocketConstructor };
  if (o.webSocket === undefined && typeof g.WebSocketStream === "function") {
    // Chromium: real write backpressure. `@moq/qmux` builds the same token list.
    const pairs = qmuxSubprotocols(o.protocols ?? [], { ...o, requireProtocol: true });
    return new Session(url, {
      ...common,
      protocols: pairs,
      requireProtocol: o.requireProtocol ?? false,
    });
  }
  const Ctor = o.webSocket ?? g.WebSocket;
  if (typeof Ctor !== "function") {
    throw new ConnectError(
      ConnectFailure.UNSUPPORTED,
      "no WebSocket in this runtime (Node 20: run with --experimental-websocket, or pass `webSocket`)",
    );
  }
  const socket = new Ctor(url.href, qmuxSubprotocols(o.protocols ?? [], o));
  // Deno and Node say why a handshake failed only in the error event.
  const target = socket as Partial<Pick<EventTarget, "addEventListener">>;
  target.addEventListener?.("error", (ev) => onSocketError(errorEventMessage(ev)));
  return new Session(socket as unknown as ConstructorParameters<typeof Session>[0], common);
}

/**
 * Dials MoQT over QMux over WebSocket and resolves once the WebSocket is open.
 * Offers every `protocols` entry on every QMux draft (`qmuxSubprotocols`); the
 * transport's `protocol` reports the application protocol the server chose.
 * Rejects with a `ConnectError`.
 */
export async function connectQmux(
  url: string | URL,
  options: QmuxConnectOptions = {},
): Promise<MoqTransport> {
  ensurePromiseWithResolvers();
  const wsUrl = toWebSocketScheme(url);
  const { signal } = options;
  if (signal?.aborted) {
    throw new ConnectError(ConnectFailure.ABORTED, "connect aborted", { cause: signal.reason });
  }
  let detail = "";
  let session: QmuxSession;
  try {
    session = openSession(wsUrl, options, (m) => {
      detail ||= m;
    });
  } catch (e) {
    throw toConnectError(e, "websocket");
  }
  const transport = fromQmuxSession(session);
  await new Promise<void>((resolve, reject) => {
    const fail = (err: ConnectError) => {
      done();
      session.close();
      reject(err);
    };
    const timeoutMs = options.timeoutMs ?? DEFAULT_QMUX_TIMEOUT_MS;
    const timer = setTimeout(
      () =>
        fail(
          new ConnectError(
            ConnectFailure.TIMEOUT,
            `WebSocket handshake took over ${timeoutMs} ms`,
            { transport: "websocket" },
          ),
        ),
      timeoutMs,
    );
    const onAbort = () =>
      fail(
        new ConnectError(ConnectFailure.ABORTED, "connect aborted", {
          cause: signal?.reason,
          transport: "websocket",
        }),
      );
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    session.ready.then(
      () => {
        done();
        resolve();
      },
      (e: unknown) => {
        done();
        reject(toConnectError(e, "websocket", detail));
      },
    );
  });
  return transport;
}
