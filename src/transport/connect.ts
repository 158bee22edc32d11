// The SDK's one entry to dial a MoQT server: native WebTransport where it works,
// QMux over WebSocket otherwise, when WebTransport fails, or when asked.
import { redactSecrets } from "../redact.ts";
import { type FetchLike, fetchCertificateHash } from "./certificate-hash.ts";
import {
  type ConnectAttempt,
  ConnectError,
  ConnectFailure,
  type TransportKind,
  toConnectError,
} from "./connect-errors.ts";
import {
  hasWorkingWebTransport,
  type PlannedAttempt,
  planAttempts,
  type TransportChoice,
} from "./connect-plan.ts";
import { type Endpoints, resolveEndpoints } from "./endpoints.ts";
import type { QmuxConnectOptions, WebSocketConstructor } from "./qmux.ts";
import type { MoqTransport } from "./types.ts";
import { connectWebTransport, type WebTransportConnectOptions } from "./webtransport.ts";

/** Options of `connectTransport`. */
export interface ConnectTransportOptions {
  /** Which transport; default "auto". */
  readonly transport?: TransportChoice;
  /**
   * Application protocols to offer, preferred first (MoQT: `protocolsFor(versions)`,
   * e.g. ["moqt-16", "moq-00"]); the transport's `protocol` reports the chosen one.
   */
  readonly protocols?: readonly string[];
  /** Certificate hashes to pin (bytes or hex); when given, none is fetched. */
  readonly serverCertificateHashes?: readonly (BufferSource | string)[];
  /** Fetch the dev server's certificate hash (see `resolveEndpoints`); default true. */
  readonly fetchCertificateHash?: boolean;
  /** The WebSocket URL, instead of the one derived from `url`. */
  readonly webSocketUrl?: string | URL;
  /** The WebSocket class (Node 20 has no global one); default the global `WebSocket`. */
  readonly webSocket?: WebSocketConstructor;
  /** QMux settings of the WebSocket transport. */
  readonly qmux?: Pick<
    QmuxConnectOptions,
    "config" | "sendBufferSize" | "versions" | "requireProtocol"
  >;
  readonly congestionControl?: WebTransportConnectOptions["congestionControl"];
  /** Bound of each attempt; default 10 s. */
  readonly timeoutMs?: number;
  /** Bound of a WebTransport attempt with a WebSocket fallback behind it (blocked UDP); default 4 s. */
  readonly webTransportTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A connected transport and how it was reached. */
export interface ConnectedTransport extends MoqTransport {
  readonly kind: TransportKind;
  /** The URL the transport connected to. */
  readonly url: string;
}

/** The runtime pieces `connectTransport` uses; tests pass fakes. */
export interface TransportDialers {
  readonly webTransportUsable: boolean;
  webTransport(url: URL, o: WebTransportConnectOptions): Promise<MoqTransport>;
  webSocket(url: URL, o: QmuxConnectOptions): Promise<MoqTransport>;
  readonly fetch: FetchLike;
}

/** The real dialers of this runtime. */
export function defaultDialers(): TransportDialers {
  return {
    webTransportUsable: hasWorkingWebTransport(),
    webTransport: (url, o) => connectWebTransport(url, o),
    // Loaded on first use: browsers with working WebTransport rarely need QMux (~13 KB gzip).
    webSocket: (url, o) => import("./qmux.ts").then((m) => m.connectQmux(url, o)),
    fetch: (url, init) => fetch(url, init),
  };
}

const aborted = (signal: AbortSignal, transport?: TransportKind) =>
  new ConnectError(ConnectFailure.ABORTED, "connect aborted", {
    cause: signal.reason,
    ...(transport !== undefined && { transport }),
  });

/** Certificate-hash URLs that answered once: a server that serves its hash over TCP. */
const hashServers = new Set<string>();

/**
 * The certificate hashes for a WebTransport attempt: given, fetched, or none.
 * When a server that served its hash before does not answer at all, it is down:
 * the attempt fails here (REFUSED, retryable) without a WebTransport handshake,
 * because browsers penalise failed ones — Chromium delays every later dial of
 * the page by 10 ms × 2^(failures in the last minutes), up to a minute, so a
 * client retrying a restarting relay would be kept waiting long after it is back.
 */
async function hashesFor(
  endpoints: Endpoints,
  o: ConnectTransportOptions,
  signal: AbortSignal,
  dialers: TransportDialers,
): Promise<readonly (BufferSource | string)[] | undefined> {
  if (o.serverCertificateHashes !== undefined && o.serverCertificateHashes.length > 0) {
    return o.serverCertificateHashes;
  }
  const url = endpoints.certificateHash;
  if (url === undefined) return undefined;
  let hash: Uint8Array<ArrayBuffer> | undefined;
  try {
    hash = await fetchCertificateHash(url, signal, dialers.fetch);
  } catch (e) {
    if (hashServers.has(url.href) && !signal.aborted) {
      throw new ConnectError(ConnectFailure.REFUSED, `no answer from ${url.origin}`, { cause: e });
    }
    // No hash to be had (a server with a real certificate): dial unpinned.
    return undefined;
  }
  hashServers.add(url.href);
  return hash === undefined ? undefined : [hash];
}

function dial(
  step: PlannedAttempt,
  endpoints: Endpoints,
  o: ConnectTransportOptions,
  signal: AbortSignal,
  dialers: TransportDialers,
): Promise<MoqTransport> {
  const protocols = o.protocols ?? [];
  if (step.kind === "websocket") {
    return dialers.webSocket(step.url, {
      ...o.qmux,
      protocols,
      signal,
      timeoutMs: step.timeoutMs,
      ...(o.webSocket !== undefined && { webSocket: o.webSocket }),
    });
  }
  return hashesFor(endpoints, o, signal, dialers).then((hashes) =>
    dialers.webTransport(step.url, {
      protocols,
      signal,
      ...(hashes !== undefined && { serverCertificateHashes: hashes }),
      ...(o.congestionControl !== undefined && { congestionControl: o.congestionControl }),
    }),
  );
}

/** One bounded attempt; rejects with a ConnectError. */
async function attempt(
  step: PlannedAttempt,
  endpoints: Endpoints,
  o: ConnectTransportOptions,
  dialers: TransportDialers,
): Promise<MoqTransport> {
  const ctl = new AbortController();
  let why: "timeout" | "aborted" | undefined;
  const timer = setTimeout(() => {
    why ??= "timeout";
    ctl.abort(
      new ConnectError(
        ConnectFailure.TIMEOUT,
        `${step.kind} attempt took over ${step.timeoutMs} ms`,
      ),
    );
  }, step.timeoutMs);
  const onAbort = () => {
    why ??= "aborted";
    ctl.abort(o.signal?.reason);
  };
  o.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await dial(step, endpoints, o, ctl.signal, dialers);
  } catch (e) {
    if (why === "aborted" && o.signal !== undefined) throw aborted(o.signal, step.kind);
    if (why === "timeout") {
      throw new ConnectError(
        ConnectFailure.TIMEOUT,
        `${step.kind} attempt took over ${step.timeoutMs} ms`,
        {
          cause: e,
          transport: step.kind,
        },
      );
    }
    throw toConnectError(e, step.kind);
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Connects to a MoQT server at `url` (see `resolveEndpoints` for the URL rules)
 * and resolves once the transport is ready. With `transport: "auto"` (default)
 * it uses native WebTransport where the runtime has a working one (Chromium,
 * Firefox) and falls back to QMux over WebSocket when that fails or does not
 * finish within `webTransportTimeoutMs`; Safari, Node and Deno use WebSocket.
 * For a loopback or http:// URL it pins the certificate whose hash the dev
 * server serves at /certificate.sha256.
 *
 * Rejects with a `ConnectError`: `retryable` is true when the same call may
 * succeed later (refused, unreachable, timeout, unexplained network failure);
 * `attempts` lists each failed attempt.
 */
export async function connectTransport(
  url: string | URL,
  options: ConnectTransportOptions = {},
  dialers: TransportDialers = defaultDialers(),
): Promise<ConnectedTransport> {
  const endpoints = resolveEndpoints(url, options);
  const plan = planAttempts(
    endpoints,
    options.transport ?? "auto",
    dialers.webTransportUsable,
    options,
  );
  const attempts: ConnectAttempt[] = [];
  for (const step of plan) {
    if (options.signal?.aborted) throw aborted(options.signal);
    try {
      const t = await attempt(step, endpoints, options, dialers);
      return Object.defineProperties(t, {
        kind: { value: step.kind, enumerable: true },
        url: { value: step.url.href, enumerable: true },
      }) as ConnectedTransport;
    } catch (e) {
      const error = toConnectError(e, step.kind);
      attempts.push({ transport: step.kind, url: redactSecrets(step.url.href), error });
      if (
        error.failure === ConnectFailure.ABORTED ||
        error.failure === ConnectFailure.INVALID_URL
      ) {
        throw error;
      }
    }
  }
  const last = attempts[attempts.length - 1]!.error;
  const summary = attempts.map((a) => `${a.transport} ${a.url}: ${a.error.message}`).join("; ");
  throw new ConnectError(last.failure, summary, {
    cause: last,
    attempts,
    ...(last.transport !== undefined && { transport: last.transport }),
  });
}
