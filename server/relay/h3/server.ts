import { generateCertificate, type ServerCertificate } from "./certificate.ts";
import { H3Connection, type RequestDecision } from "./connection.ts";
import type { FieldLine } from "./qpack.ts";
import type { WebTransportRequest } from "./request.ts";
import type { WebTransportSession } from "./session.ts";

/** What an accept callback may answer: a status (2xx accepts) and extras. */
export interface AcceptResult {
  /** HTTP status, default 200. Any non-2xx status rejects the session. */
  readonly status?: number;
  /** Overrides the protocol chosen by `selectProtocol`; must be one the client offered. */
  readonly protocol?: string;
  /** Extra response header fields (lowercase names). */
  readonly headers?: readonly FieldLine[];
}

/** Options for {@link WebTransportServer.listen}. */
export interface WebTransportServerOptions {
  /** UDP address to bind. Default "127.0.0.1". */
  readonly hostname?: string;
  /** UDP port; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Certificate; default a fresh ECDSA P-256 certificate valid 10 days. */
  readonly certificate?: ServerCertificate;
  /**
   * Request paths (without query) that may open sessions; others get 404.
   * Default: every path reaches `accept`.
   */
  readonly paths?: readonly string[];
  /**
   * Application protocols the server speaks, in its own preference order; the
   * default `selectProtocol` picks the client's most preferred one of these.
   */
  readonly protocols?: readonly string[];
  /**
   * Chooses the `wt-protocol` from the client's `wt-available-protocols`
   * (client preference order). Return `undefined` to send none.
   */
  readonly selectProtocol?: (
    offered: readonly string[],
    request: WebTransportRequest,
  ) => string | undefined;
  /** Authorizes a request (path and query are in `request.url`). Default: accept. */
  readonly accept?: (request: WebTransportRequest) => AcceptResult | Promise<AcceptResult>;
  /** Called with each accepted session. */
  readonly onSession: (session: WebTransportSession) => void;
  /** Called for unexpected failures. Default: `console.error`. */
  readonly onError?: (error: unknown) => void;
  /** Outgoing unidirectional streams open at once per session; more queue. Default 96. */
  readonly maxOpenUnidirectionalStreams?: number;
  /** Incoming datagrams buffered per session. Default 1024. */
  readonly datagramQueueSize?: number;
  /** Incoming unidirectional streams the client may have open at once. Default 256. */
  readonly maxIncomingUnidirectionalStreams?: number;
  /** Incoming bidirectional streams the client may have open at once. Default 256. */
  readonly maxIncomingBidirectionalStreams?: number;
  /**
   * QUIC idle timeout in ms. It bounds how long a vanished client (Chromium
   * sometimes drops a closed page's connection without a word) keeps its
   * sessions open. Default 10000.
   */
  readonly maxIdleTimeoutMs?: number;
  /** QUIC keep-alive interval in ms, below the idle timeout. Default 4000. */
  readonly keepAliveIntervalMs?: number;
  /** Close a connection this long after its last session ends; 0 keeps it. Default 2000. */
  readonly connectionLingerMs?: number;
}

/** The client's most preferred protocol that the server also lists. */
export function preferClientOrder(
  offered: readonly string[],
  supported: readonly string[],
): string | undefined {
  return offered.find((protocol) => supported.includes(protocol));
}

/**
 * A WebTransport-over-HTTP/3 server on a Deno QUIC endpoint (ALPN "h3").
 * Requires `--unstable-net`.
 */
export class WebTransportServer {
  /** Certificate in use; its `sha256` goes into `serverCertificateHashes`. */
  readonly certificate: ServerCertificate;
  /** Bound UDP address. */
  readonly hostname: string;
  /** Bound UDP port. */
  readonly port: number;
  /** Open sessions. */
  readonly sessions = new Set<WebTransportSession>();

  readonly #endpoint: Deno.QuicEndpoint;
  readonly #listener: Deno.QuicListener;
  readonly #options: WebTransportServerOptions;
  readonly #connections = new Set<H3Connection>();
  #closing = false;

  private constructor(
    endpoint: Deno.QuicEndpoint,
    listener: Deno.QuicListener,
    certificate: ServerCertificate,
    options: WebTransportServerOptions,
  ) {
    this.#endpoint = endpoint;
    this.#listener = listener;
    this.#options = options;
    this.certificate = certificate;
    this.hostname = endpoint.addr.hostname;
    this.port = endpoint.addr.port;
    void this.#acceptLoop();
  }

  /** Binds the UDP port and starts accepting connections. */
  static async listen(options: WebTransportServerOptions): Promise<WebTransportServer> {
    const certificate = options.certificate ?? (await generateCertificate());
    const endpoint = new Deno.QuicEndpoint({
      hostname: options.hostname ?? "127.0.0.1",
      port: options.port ?? 0,
    });
    const listener = endpoint.listen({
      alpnProtocols: ["h3"], // RFC 9114 §3.1
      cert: certificate.certPem,
      key: certificate.keyPem,
      maxIdleTimeout: options.maxIdleTimeoutMs ?? 10_000,
      keepAliveInterval: options.keepAliveIntervalMs ?? 4_000,
      maxConcurrentUnidirectionalStreams: options.maxIncomingUnidirectionalStreams ?? 256,
      maxConcurrentBidirectionalStreams: options.maxIncomingBidirectionalStreams ?? 256,
    });
    return new WebTransportServer(endpoint, listener, certificate, options);
  }

  async #acceptLoop(): Promise<void> {
    try {
      for await (const incoming of this.#listener) {
        if (this.#closing) {
          incoming.refuse();
          continue;
        }
        incoming.accept<false>().then(
          (conn) => this.#addConnection(conn),
          () => {}, // failed handshakes are the client's business
        );
      }
    } catch (error) {
      if (!this.#closing) this.#onError(error);
    }
  }

  #addConnection(conn: Deno.QuicConn): void {
    const options = this.#options;
    const connection = new H3Connection(conn, {
      limits: {
        maxOpenUnidirectionalStreams: options.maxOpenUnidirectionalStreams ?? 96,
        datagramQueueSize: options.datagramQueueSize ?? 1024,
      },
      lingerMs: options.connectionLingerMs ?? 2_000,
      decide: (request) => this.#decide(request),
      onSession: (session) => {
        this.sessions.add(session);
        void session.closed.then(() => this.sessions.delete(session));
        options.onSession(session);
      },
      onError: (error) => this.#onError(error),
    });
    this.#connections.add(connection);
    conn.closed.finally(() => this.#connections.delete(connection)).catch(() => {});
  }

  async #decide(request: WebTransportRequest): Promise<RequestDecision> {
    const options = this.#options;
    if (this.#closing) return { status: 503 };
    if (options.paths && !options.paths.includes(request.url.pathname)) return { status: 404 };
    const result = options.accept ? await options.accept(request) : {};
    const select =
      options.selectProtocol ??
      ((offered: readonly string[]) => preferClientOrder(offered, options.protocols ?? []));
    const protocol = result.protocol ?? select(request.protocols, request);
    return { status: result.status ?? 200, protocol, headers: result.headers ?? [] };
  }

  #onError(error: unknown): void {
    (this.#options.onError ?? ((e: unknown) => console.error("[h3]", e)))(error);
  }

  /**
   * Closes every session (WT_CLOSE_SESSION with `info`), waits `graceMs` for
   * those capsules to leave, then closes the connections and the endpoint.
   */
  async close(info: { closeCode?: number; reason?: string } = {}, graceMs = 100): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#listener.stop();
    for (const session of this.sessions) session.close(info);
    if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
    for (const connection of this.#connections) connection.close();
    this.#endpoint.close();
  }
}
