// The engine's tRPC instance: request context, the org-authenticated procedure
// (Authorization: Bearer <apiKey>), and the error format.
import type { DatabaseSync } from "node:sqlite";
import { initTRPC } from "@trpc/server";
import { EngineReason, engineError, formatEngineError } from "./errors.ts";
import { findApiKey } from "./orgs/api-key-store.ts";

/** Where the engine's clients reach the data plane; known once the server listens. */
export interface EngineUrls {
  /** HTTP/3 WebTransport origin of the relay, e.g. "https://127.0.0.1:4443". */
  readonly relayOrigin: string;
  /** HTTP origin of the engine itself (uploads), e.g. "http://127.0.0.1:4443". */
  readonly httpOrigin: string;
  /** Ingest base URLs, when ingest runs. */
  readonly ingest?: IngestUrls;
}

/** Base URLs of the ingest endpoints (`rtmp://HOST:P/live`, `srt://HOST:P`), null when off. */
export interface IngestUrls {
  readonly rtmp: string | null;
  readonly srt: string | null;
}

/** Everything a procedure may use besides its input. */
export interface EngineContext {
  readonly db: DatabaseSync;
  readonly urls: EngineUrls;
  /** The bearer token of the request, if any. */
  readonly bearer: string | undefined;
  /** The `x-clutchcall-org` header: when present it must be the API key's org. */
  readonly orgHeader: string | undefined;
}

/** The header a client may send to assert which org it means. */
export const ORG_HEADER = "x-clutchcall-org";

/** Reads the request-dependent part of the context. */
export function requestCredentials(req: Request): Pick<EngineContext, "bearer" | "orgHeader"> {
  const auth = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  return { bearer: m?.[1], orgHeader: req.headers.get(ORG_HEADER) ?? undefined };
}

const t = initTRPC.context<EngineContext>().create({
  isDev: false,
  errorFormatter: formatEngineError,
});

export const router = t.router;

/** A procedure run on behalf of the org owning the presented API key. */
export const orgProcedure = t.procedure.use(({ ctx, next }) => {
  if (ctx.bearer === undefined) {
    throw engineError(
      "UNAUTHORIZED",
      EngineReason.MISSING_API_KEY,
      "missing API key: send Authorization: Bearer <apiKey>",
    );
  }
  const key = findApiKey(ctx.db, ctx.bearer);
  if (key === undefined) {
    throw engineError("UNAUTHORIZED", EngineReason.INVALID_API_KEY, "API key unknown or revoked");
  }
  if (ctx.orgHeader !== undefined && ctx.orgHeader !== key.org_id) {
    throw engineError(
      "FORBIDDEN",
      EngineReason.ORG_MISMATCH,
      `this API key belongs to another org than ${ctx.orgHeader}`,
    );
  }
  return next({ ctx: { orgId: key.org_id, apiKeyId: key.id } });
});
