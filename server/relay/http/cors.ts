// CORS for browser pages on other origins (the SDK's demos, third-party players)
// reading the dev server's small HTTP endpoints.

/** Options of `corsHeaders`. */
export interface CorsOptions {
  /** Access-Control-Allow-Origin; default "*". */
  readonly allowOrigin?: string;
}

/** Headers every response carries. */
export function corsHeaders(o: CorsOptions = {}): Record<string, string> {
  const origin = o.allowOrigin ?? "*";
  return {
    "access-control-allow-origin": origin,
    ...(origin !== "*" && { vary: "Origin" }),
  };
}

/**
 * The answer to a CORS preflight (Fetch §"CORS protocol"): the methods the
 * endpoints serve, the requested headers, and Private Network Access when a
 * public page asks to reach this loopback server.
 */
export function preflight(req: Request, o: CorsOptions = {}): Response {
  const headers: Record<string, string> = {
    ...corsHeaders(o),
    "access-control-allow-methods": "GET, HEAD, OPTIONS",
    "access-control-allow-headers": req.headers.get("access-control-request-headers") ?? "*",
    "access-control-max-age": "600",
  };
  if (req.headers.get("access-control-request-private-network") === "true") {
    headers["access-control-allow-private-network"] = "true";
  }
  return new Response(null, { status: 204, headers });
}
