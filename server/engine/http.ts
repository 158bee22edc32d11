// The engine's HTTP routes on the dev server's TCP port: tRPC at /trpc/<procedure>
// (a stock @trpc/client's httpLink / httpBatchLink URL is `<api>/trpc`).
import type { DatabaseSync } from "node:sqlite";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { type CorsOptions, corsHeaders } from "../relay/http/cors.ts";
import { engineRouter } from "./modules.ts";
import { type EngineUrls, ORG_HEADER, requestCredentials } from "./trpc.ts";

/** Where the procedures are served. */
export const TRPC_PATH = "/trpc";

/** A preflight allowing the methods and headers tRPC clients send. */
function preflight(req: Request, cors: CorsOptions): Response {
  const headers: Record<string, string> = {
    ...corsHeaders(cors),
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers":
      req.headers.get("access-control-request-headers") ??
      `authorization, content-type, ${ORG_HEADER}`,
    "access-control-max-age": "600",
  };
  if (req.headers.get("access-control-request-private-network") === "true") {
    headers["access-control-allow-private-network"] = "true";
  }
  return new Response(null, { status: 204, headers });
}

/** The engine's answer to `req`, or undefined when the path is not the engine's. */
export function handleEngineHttp(
  req: Request,
  deps: { db: DatabaseSync; urls: () => EngineUrls; cors: CorsOptions },
): Promise<Response> | undefined {
  const { pathname } = new URL(req.url);
  if (pathname !== TRPC_PATH && !pathname.startsWith(`${TRPC_PATH}/`)) return undefined;
  if (req.method === "OPTIONS") return Promise.resolve(preflight(req, deps.cors));
  return fetchRequestHandler({
    endpoint: TRPC_PATH,
    req,
    router: engineRouter,
    createContext: () => ({ db: deps.db, urls: deps.urls(), ...requestCredentials(req) }),
    responseMeta: () => ({ headers: { ...corsHeaders(deps.cors), "cache-control": "no-store" } }),
  });
}
