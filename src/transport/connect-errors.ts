import { TransportError, TransportErrorCode } from "./errors.ts";

/** Why a connection attempt failed. */
export const ConnectFailure = {
  /** The URL is malformed or has a scheme the chosen transport cannot dial. */
  INVALID_URL: "invalid_url",
  /** This runtime has no such transport (no WebTransport, no WebSocket). */
  UNSUPPORTED: "unsupported",
  /** TLS failed: certificate refused, hash mismatch, or TLS spoken to a plain port. */
  TLS: "tls",
  /** The server answered but refused the session (HTTP 4xx, no common subprotocol). */
  REJECTED: "rejected",
  /** Nothing listens there (TCP refused), or the server is restarting (HTTP 5xx). */
  REFUSED: "refused",
  /** The host could not be reached or resolved. */
  UNREACHABLE: "unreachable",
  /** The handshake did not finish in time. */
  TIMEOUT: "timeout",
  /** The caller's AbortSignal fired. */
  ABORTED: "aborted",
  /** A failure the runtime did not explain (browsers hide the cause of network errors). */
  NETWORK: "network",
} as const;
export type ConnectFailure = (typeof ConnectFailure)[keyof typeof ConnectFailure];

/** Failures worth retrying later with the same arguments. */
const RETRYABLE: ReadonlySet<ConnectFailure> = new Set([
  ConnectFailure.REFUSED,
  ConnectFailure.UNREACHABLE,
  ConnectFailure.TIMEOUT,
  ConnectFailure.NETWORK,
]);

/** The transport an attempt used. */
export type TransportKind = "webtransport" | "websocket";

/** One failed attempt of a `connectTransport` call. */
export interface ConnectAttempt {
  readonly transport: TransportKind;
  readonly url: string;
  readonly error: ConnectError;
}

/**
 * A connection attempt failed. `retryable` tells a reconnecting client whether
 * the same call may succeed later (server down, network trouble) or never will
 * (bad URL, TLS refused, session rejected, aborted).
 */
export class ConnectError extends TransportError {
  readonly failure: ConnectFailure;
  readonly retryable: boolean;
  /** The transport of the (last) failed attempt, when one was made. */
  readonly transport: TransportKind | undefined;
  /** Every failed attempt, in order (a WebTransport one before its WebSocket fallback). */
  readonly attempts: readonly ConnectAttempt[];

  constructor(
    failure: ConnectFailure,
    message: string,
    options: {
      cause?: unknown;
      transport?: TransportKind;
      attempts?: readonly ConnectAttempt[];
    } = {},
  ) {
    super(
      failure === ConnectFailure.UNSUPPORTED
        ? TransportErrorCode.UNSUPPORTED
        : TransportErrorCode.CONNECT_FAILED,
      message,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.failure = failure;
    this.retryable = RETRYABLE.has(failure);
    this.transport = options.transport;
    this.attempts = options.attempts ?? [];
  }
}

/** Message patterns of runtime errors (Deno, Node, browsers), most specific first. */
const PATTERNS: readonly (readonly [RegExp, ConnectFailure])[] = [
  [/invalid url|url .*is invalid/i, ConnectFailure.INVALID_URL],
  [
    /certificate|x509|self[- ]signed|unknown ?issuer|tls|ssl|corrupt message|InvalidContentType/i,
    ConnectFailure.TLS,
  ],
  [/status code:? *(5\d\d|408|429)\b/i, ConnectFailure.REFUSED],
  [/status code:? *[1-4]\d\d|subprotocol|no supported protocol/i, ConnectFailure.REJECTED],
  [/refused|ECONNREFUSED|tcp connect error|ECONNRESET|connection reset/i, ConnectFailure.REFUSED],
  [
    /unreachable|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|dns error|getaddrinfo|name resolution/i,
    ConnectFailure.UNREACHABLE,
  ],
  [/timed? ?out|ETIMEDOUT/i, ConnectFailure.TIMEOUT],
];

/** The failure a runtime error message describes; NETWORK when it says nothing useful. */
export function classifyConnectFailure(message: string): ConnectFailure {
  for (const [re, failure] of PATTERNS) if (re.test(message)) return failure;
  return ConnectFailure.NETWORK;
}

/** Every message in an error and its `cause` chain, joined (runtimes nest the useful one). */
export function describeError(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && cur !== undefined && cur !== null; depth++) {
    if (cur instanceof Error) {
      parts.push(cur.message);
      cur = cur.cause;
    } else {
      parts.push(String(cur));
      break;
    }
  }
  return parts.filter((p) => p !== "").join(": ");
}

/** Translates a runtime connect error into a `ConnectError` (the boundary rule). */
export function toConnectError(e: unknown, transport: TransportKind, detail = ""): ConnectError {
  if (e instanceof ConnectError) {
    if (e.transport !== undefined) return e;
    return new ConnectError(e.failure, e.message, {
      cause: e.cause,
      transport,
      attempts: e.attempts,
    });
  }
  const message = [describeError(e), detail].filter((m) => m !== "").join("; ");
  // WebSocket / WebTransport constructors throw a SyntaxError for a URL they refuse.
  const failure =
    e instanceof Error && e.name === "SyntaxError"
      ? ConnectFailure.INVALID_URL
      : classifyConnectFailure(message);
  return new ConnectError(failure, message || "connection failed", {
    cause: e,
    transport,
  });
}
