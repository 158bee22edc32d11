// Where `connectTransport` dials, given the one URL a caller passes.
import { ConnectError, ConnectFailure } from "./connect-errors.ts";
import { isLoopbackHost } from "./loopback.ts";

/** The path where the dev server serves the hex SHA-256 of its certificate. */
export const CERTIFICATE_HASH_PATH = "/certificate.sha256";

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  "http:": "80",
  "https:": "443",
  "ws:": "80",
  "wss:": "443",
};

/** The endpoints of one server. */
export interface Endpoints {
  /** The https: URL for native WebTransport; undefined for a ws:/wss: URL (WebSocket only). */
  readonly webTransport: URL | undefined;
  /** The ws:/wss: URL for QMux over WebSocket. */
  readonly webSocket: URL;
  /** Where to fetch the certificate hash; undefined when none should be fetched. */
  readonly certificateHash: URL | undefined;
  /** The host is this machine. */
  readonly loopback: boolean;
}

/** Options of `resolveEndpoints`. */
export interface EndpointOptions {
  /** Use this WebSocket URL instead of the derived one. */
  readonly webSocketUrl?: string | URL;
  /** Hashes the caller already has: nothing is fetched. */
  readonly serverCertificateHashes?: readonly unknown[];
  /** Fetch the hash where the rules below say so; default true. */
  readonly fetchCertificateHash?: boolean;
}

function parse(url: string | URL): URL {
  try {
    return new URL(String(url));
  } catch (e) {
    throw new ConnectError(ConnectFailure.INVALID_URL, `invalid URL "${String(url)}"`, {
      cause: e,
    });
  }
}

/** `u` with another scheme, keeping its effective port (the dev server uses one port for all). */
function withScheme(u: URL, scheme: string, path?: string): URL {
  const out = new URL(u.href);
  const port = u.port || DEFAULT_PORTS[u.protocol] || "";
  out.protocol = scheme;
  out.port = port === DEFAULT_PORTS[scheme] ? "" : port;
  out.hash = "";
  if (path !== undefined) {
    out.pathname = path;
    out.search = "";
  }
  return out;
}

/**
 * Maps the caller's URL to the server's endpoints. The dev server serves QUIC on
 * UDP port P and plain HTTP (WebSocket, certificate hash) on TCP port P:
 *
 * | URL                  | WebTransport      | WebSocket          | certificate hash fetched          |
 * | -------------------- | ----------------- | ------------------ | --------------------------------- |
 * | https://host:P/p     | https://host:P/p  | wss://host:P/p     | no                                |
 * | https://loopback:P/p | https://…:P/p     | **ws**://…:P/p     | http://…:P/certificate.sha256     |
 * | http://host:P/p      | https://host:P/p  | ws://host:P/p      | http://host:P/certificate.sha256  |
 * | ws(s)://host:P/p     | —                 | as given           | no                                |
 *
 * A loopback https URL maps to ws:// because the dev server's TCP side is plain
 * HTTP; an http:// URL marks a dev server anywhere (a self-signed certificate
 * whose hash is served over HTTP). `webSocketUrl` overrides the WebSocket URL;
 * given hashes, or `fetchCertificateHash: false`, skip the fetch. Throws
 * ConnectError INVALID_URL for anything else.
 */
export function resolveEndpoints(url: string | URL, o: EndpointOptions = {}): Endpoints {
  const u = parse(url);
  const loopback = isLoopbackHost(u.hostname);
  const explicitWs = o.webSocketUrl === undefined ? undefined : parse(o.webSocketUrl);
  if (explicitWs !== undefined && explicitWs.protocol !== "ws:" && explicitWs.protocol !== "wss:") {
    throw new ConnectError(ConnectFailure.INVALID_URL, `webSocketUrl must be ws: or wss:`);
  }
  const wantHash =
    (o.fetchCertificateHash ?? true) && (o.serverCertificateHashes ?? []).length === 0;
  switch (u.protocol) {
    case "https:":
    case "http:": {
      const dev = u.protocol === "http:" || loopback;
      return {
        webTransport: withScheme(u, "https:"),
        webSocket: explicitWs ?? withScheme(u, dev ? "ws:" : "wss:"),
        certificateHash:
          dev && wantHash ? withScheme(u, "http:", CERTIFICATE_HASH_PATH) : undefined,
        loopback,
      };
    }
    case "ws:":
    case "wss:":
      return {
        webTransport: undefined,
        webSocket: explicitWs ?? withScheme(u, u.protocol),
        certificateHash: undefined,
        loopback,
      };
    default:
      throw new ConnectError(ConnectFailure.INVALID_URL, `unsupported URL scheme ${u.protocol}`);
  }
}
