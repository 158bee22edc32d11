// The local dev server: one relay behind HTTP/3 WebTransport (UDP P) and
// HTTP/1.1 (TCP P: QMux over WebSocket, certificate hash, health, CORS).

import { protocolsFor } from "../src/moqt/session/negotiation.ts";
import type { MoqTransport } from "../src/transport/types.ts";
import { type Engine, isStreamPath } from "./engine/mod.ts";
import { fromH3Session } from "./h3-transport.ts";
import { bindPair } from "./listen.ts";
import { type AuthOptions, Relay, type RelayLimits, type RelayLogger } from "./relay/core/mod.ts";
import { echoSession } from "./relay/h3/echo.ts";
import type { ServerCertificate, WebTransportServer, WebTransportSession } from "./relay/h3/mod.ts";
import { corsHeaders, handleHttp } from "./relay/http/mod.ts";
import { isWebSocketUpgrade, serveRelayWebSocket } from "./relay/ws/mod.ts";

/** The MoQT endpoint path, on both transports. */
export const RELAY_PATH = "/moq";
/** The raw WebTransport echo path (with `echo: true`). */
export const ECHO_PATH = "/echo";

/** Options of `DevServer.start`. */
export interface DevServerOptions {
  readonly hostname: string;
  /** UDP and TCP port number; 0 picks one free on both. */
  readonly port: number;
  readonly certificate: ServerCertificate;
  readonly auth: AuthOptions;
  readonly limits?: Partial<RelayLimits>;
  readonly logger: RelayLogger;
  /** Serve a raw WebTransport echo at /echo (benchmark baseline). */
  readonly echo?: boolean;
  /** CORS Access-Control-Allow-Origin; default "*". */
  readonly allowOrigin?: string;
  /** The control plane, served on the TCP port (`/trpc`). */
  readonly engine?: Engine;
}

/** The addresses clients use. */
export interface DevServerUrls {
  /** WebTransport (HTTP/3) endpoint. */
  readonly relay: string;
  /** QMux over WebSocket endpoint. */
  readonly ws: string;
  /** Plain HTTP base (certificate hash, health). */
  readonly http: string;
}

/** How long shutdown waits after GOAWAY for clients to leave by themselves. */
export const GOAWAY_GRACE_MS = 400;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The host part of client URLs: a wildcard bind is reached over loopback. */
function urlHost(hostname: string): string {
  if (hostname === "0.0.0.0") return "127.0.0.1";
  if (hostname === "::" || hostname === "[::]") return "[::1]";
  return hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;
}

function text(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(`${body}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...extra },
  });
}

/** A running dev server. */
export class DevServer {
  readonly relay: Relay;
  readonly certificate: ServerCertificate;
  readonly hostname: string;
  readonly urls: DevServerUrls;
  readonly #logger: RelayLogger;
  readonly #startedMs = Date.now();
  #h3!: WebTransportServer;
  #http!: Deno.HttpServer<Deno.NetAddr>;
  #port = 0;
  #closing = false;
  #shutdown: Promise<void> | undefined;

  private constructor(
    private readonly options: DevServerOptions,
    relay: Relay,
  ) {
    this.relay = relay;
    this.certificate = options.certificate;
    this.hostname = options.hostname;
    this.#logger = options.logger;
    this.urls = { relay: "", ws: "", http: "" };
  }

  /** Binds both ports and starts serving. Rejects with a BindError when a port is taken. */
  static async start(options: DevServerOptions): Promise<DevServer> {
    const relay = new Relay({
      auth: options.auth,
      logger: options.logger,
      ...(options.engine !== undefined && {
        pathAuthority: options.engine.streamResolver(options.logger),
      }),
      ...(options.limits !== undefined && { limits: options.limits }),
    });
    const server = new DevServer(options, relay);
    await server.#listen();
    return server;
  }

  /** The bound port number (UDP and TCP). */
  get port(): number {
    return this.#port;
  }

  /** True once shutdown began. */
  get closing(): boolean {
    return this.#closing;
  }

  async #listen(): Promise<void> {
    const o = this.options;
    const bound = await bindPair({
      hostname: o.hostname,
      port: o.port,
      certificate: o.certificate,
      h3: {
        protocols: protocolsFor(),
        accept: (request) => ({
          status: this.#closing ? 503 : this.#isSessionPath(request.url.pathname) ? 200 : 404,
        }),
        onSession: (session) => this.#onWebTransport(session),
        onError: (e) => this.#logger.log("warn", "h3.error", { error: e }),
      },
      handler: (req, info) => this.#onHttp(req, info.remoteAddr.hostname),
      onHttpError: (e) => {
        this.#logger.log("error", "http.error", { error: e });
        return text(500, "internal error", corsHeaders(this.#cors()));
      },
    });
    this.#h3 = bound.h3;
    this.#http = bound.http;
    this.#port = bound.port;
    const host = `${urlHost(o.hostname)}:${bound.port}`;
    Object.assign(this.urls, {
      relay: `https://${host}${RELAY_PATH}`,
      ws: `ws://${host}${RELAY_PATH}`,
      http: `http://${host}`,
    });
    o.engine?.setUrls({ relayOrigin: `https://${host}`, httpOrigin: `http://${host}` });
    o.engine?.attachRelay(this.relay);
  }

  /** `/moq`, `/echo` with `echo`, and the stream resolver's paths when an engine runs. */
  #isSessionPath(pathname: string): boolean {
    if (pathname === RELAY_PATH) return true;
    if (pathname === ECHO_PATH) return this.options.echo === true;
    return this.options.engine !== undefined && isStreamPath(pathname);
  }

  #cors(): { allowOrigin?: string } {
    return this.options.allowOrigin === undefined ? {} : { allowOrigin: this.options.allowOrigin };
  }

  /** Hands a transport to the relay and logs which transport the session came over. */
  #accept(transport: MoqTransport, kind: string, url: URL, address: string): Promise<unknown> {
    return this.relay
      .accept(transport, { path: url.pathname, query: url.search.slice(1), address })
      .then((handle) => {
        if (handle !== undefined) {
          this.#logger.log("debug", "session.transport", {
            session: handle.id,
            transport: kind,
            protocol: transport.protocol,
          });
        }
      });
  }

  #onWebTransport(session: WebTransportSession): void {
    const url = session.request.url;
    if (url.pathname === ECHO_PATH) {
      echoSession(session);
      return;
    }
    const address = session.request.remoteAddr.hostname;
    void this.#accept(fromH3Session(session), "webtransport", url, address);
  }

  #onHttp(req: Request, address: string): Response | Promise<Response> {
    const url = new URL(req.url);
    const cors = this.#cors();
    const moqtPath = url.pathname !== ECHO_PATH && this.#isSessionPath(url.pathname);
    if (moqtPath && req.method !== "OPTIONS") {
      if (this.#closing) return text(503, "server shutting down", corsHeaders(cors));
      const upgraded = isWebSocketUpgrade(req)
        ? serveRelayWebSocket({ accept: (t) => this.#accept(t, "websocket", url, address) }, req, {
            path: url.pathname,
            onError: (e) => this.#logger.log("info", "websocket.failed", { error: e, address }),
          })
        : undefined;
      if (upgraded !== undefined) return upgraded;
      return text(
        426,
        `MoQT endpoint: upgrade to WebSocket (QMux, e.g. "qmux-02.moqt-16") here, or use WebTransport at ${this.urls.relay}`,
        { ...corsHeaders(cors), upgrade: "websocket" },
      );
    }
    const engine = this.options.engine?.handle(req, cors);
    if (engine !== undefined) return engine;
    return handleHttp(req, {
      ...cors,
      certificate: this.certificate,
      health: () => this.#health(),
    });
  }

  #health(): Record<string, unknown> {
    const s = this.relay.stats();
    return {
      auth: this.options.auth.mode,
      sessions: s.sessions,
      tracks: s.tracks,
      cacheBytes: s.cacheBytes,
      heldSubscribes: s.heldSubscribes,
      // [ms, count] buckets: time Objects spent in the relay before each subscriber's transport took them.
      forwardDelayMs: s.forwardDelayMs,
      uptimeS: Math.round((Date.now() - this.#startedMs) / 1000),
      closing: this.#closing,
      // Live JavaScript heap: unlike RSS it shrinks after a collection, so leaks show in it.
      heapUsedKiB: Math.round(Deno.memoryUsage().heapUsed / 1024),
    };
  }

  /**
   * Winds down: GOAWAY to every session, up to `GOAWAY_GRACE_MS` for clients to
   * leave, then closes every session (NO_ERROR) and both listeners. Idempotent;
   * takes about a second at most.
   */
  shutdown(reason = "server shutting down"): Promise<void> {
    this.#shutdown ??= this.#stop(reason);
    return this.#shutdown;
  }

  async #stop(reason: string): Promise<void> {
    this.#closing = true;
    const told = this.relay.goAway();
    this.#logger.log("info", "server.stopping", {
      sessions: this.relay.stats().sessions,
      goaway: told,
    });
    const deadline = Date.now() + GOAWAY_GRACE_MS;
    while (told > 0 && this.relay.stats().sessions > 0 && Date.now() < deadline) await sleep(20);
    const left = this.relay.stats().sessions;
    this.relay.close(reason);
    // QMux sends its close frame, then drops the socket 100 ms later.
    if (left > 0) await sleep(150);
    await this.#h3.close({ closeCode: 0, reason }, 100);
    await Promise.race([this.#http.shutdown(), sleep(400)]);
    this.#logger.log("info", "server.stopped", { closedSessions: left });
  }
}
