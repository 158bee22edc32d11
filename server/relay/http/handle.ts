// The dev server's plain-HTTP endpoints on the TCP port it shares with QUIC.
import { type CorsOptions, corsHeaders, preflight } from "./cors.ts";

/** The path of the certificate hash (moq-dev clients fetch it for http:// URLs). */
export const CERTIFICATE_HASH_PATH = "/certificate.sha256";
/** The path of the health check. */
export const HEALTH_PATH = "/healthz";

/** Options of `handleHttp`. */
export interface HttpOptions extends CorsOptions {
  /** The serving certificate; `sha256Hex` is the hex SHA-256 of its DER (h3's `ServerCertificate` fits). */
  readonly certificate?: { readonly sha256Hex: string };
  /** Extra fields of the health report (e.g. relay stats). */
  readonly health?: () => Record<string, unknown>;
}

function respond(
  req: Request,
  status: number,
  body: string,
  type: string,
  o: HttpOptions,
  extra: Record<string, string> = {},
): Response {
  return new Response(req.method === "HEAD" ? null : body, {
    status,
    headers: {
      ...corsHeaders(o),
      "content-type": type,
      "cache-control": "no-store",
      ...extra,
    },
  });
}

const TEXT = "text/plain; charset=utf-8";
const JSON_TYPE = "application/json";

/**
 * Routes `GET /certificate.sha256` (the hex digest, no newline: clients decode
 * the body as is), `GET /healthz` (JSON), CORS preflights (OPTIONS), and 404
 * for anything else; 405 for other methods on known paths.
 */
export function handleHttp(req: Request, options: HttpOptions = {}): Response {
  if (req.method === "OPTIONS") return preflight(req, options);
  const { pathname } = new URL(req.url);
  const known = pathname === CERTIFICATE_HASH_PATH || pathname === HEALTH_PATH;
  if (!known) return respond(req, 404, "not found\n", TEXT, options);
  if (req.method !== "GET" && req.method !== "HEAD") {
    return respond(req, 405, "method not allowed\n", TEXT, options, {
      allow: "GET, HEAD, OPTIONS",
    });
  }
  if (pathname === HEALTH_PATH) {
    const report = { status: "ok", ...options.health?.() };
    return respond(req, 200, JSON.stringify(report), JSON_TYPE, options);
  }
  const hex = options.certificate?.sha256Hex;
  if (hex === undefined) return respond(req, 404, "no certificate\n", TEXT, options);
  return respond(req, 200, hex.toLowerCase(), TEXT, options);
}

/** The lowercase hex SHA-256 of `der`, for a certificate known only by its bytes. */
export async function sha256Hex(der: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", der));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
