// The resumable-upload endpoint of one asset (the `uploadUrl` of
// `streams.assets.createUpload`): HEAD reads the offset, PATCH appends at it,
// PUT sends a whole file at once, OPTIONS answers discovery and CORS.
import { isCompleteMp4 } from "./complete-mp4.ts";
import {
  byteCount,
  checkPatchType,
  dialectOf,
  type TusDialect,
  TusHeaderError,
  tusHeaders,
  uploadComplete,
} from "./protocol.ts";
import type { UploadState, UploadStore } from "./upload-store.ts";

/** What the endpoint needs around it. */
export interface TusContext {
  readonly store: UploadStore;
  /** The largest upload accepted, in bytes. */
  readonly maxBytes: number;
  /** CORS headers for every response. */
  readonly cors: Record<string, string>;
  /** Called after bytes were stored (before `onComplete` when they complete the upload). */
  readonly onAppend: (assetId: string, offset: number) => void;
  /** Called once when the last byte of an upload is stored. */
  readonly onComplete: (assetId: string, bytes: number) => void;
}

const METHODS = "HEAD, PATCH, PUT, OPTIONS";
const EXPOSED = [
  "upload-offset",
  "upload-length",
  "upload-defer-length",
  "upload-complete",
  "tus-resumable",
  "tus-version",
  "tus-max-size",
].join(", ");

function respond(
  ctx: TusContext,
  dialect: TusDialect | undefined,
  status: number,
  headers: Record<string, string> = {},
  body?: string,
): Response {
  return new Response(body === undefined ? null : `${body}\n`, {
    status,
    headers: {
      ...ctx.cors,
      "access-control-expose-headers": EXPOSED,
      ...tusHeaders(dialect),
      ...(body !== undefined && { "content-type": "text/plain; charset=utf-8" }),
      ...headers,
    },
  });
}

function stateHeaders(state: UploadState, dialect: TusDialect): Record<string, string> {
  return {
    "upload-offset": String(state.offset),
    ...(state.length !== undefined
      ? { "upload-length": String(state.length) }
      : { "upload-defer-length": "1" }),
    ...(dialect.draft !== undefined && { "upload-complete": state.complete ? "?1" : "?0" }),
  };
}

function options(req: Request, ctx: TusContext): Response {
  const headers: Record<string, string> = { "tus-max-size": String(ctx.maxBytes) };
  if (req.headers.has("access-control-request-method")) {
    headers["access-control-allow-methods"] = METHODS;
    headers["access-control-allow-headers"] =
      req.headers.get("access-control-request-headers") ?? "*";
    headers["access-control-max-age"] = "600";
    if (req.headers.get("access-control-request-private-network") === "true") {
      headers["access-control-allow-private-network"] = "true";
    }
  }
  return respond(ctx, undefined, 204, headers);
}

/** Decides whether the upload is now complete, by declared length or by its content. */
async function completedLength(
  ctx: TusContext,
  assetId: string,
  offset: number,
  length: number | undefined,
  complete: boolean | undefined,
  dialect: TusDialect,
): Promise<number | undefined> {
  if (complete === true || length === offset) return offset;
  if (complete === false || length !== undefined) return undefined;
  // TUS2 flow without a declared length: complete once the bytes are a whole MP4.
  if (dialect.version === "2.0.0" && (await isCompleteMp4(ctx.store.dataPath(assetId), offset))) {
    return offset;
  }
  return undefined;
}

async function append(
  req: Request,
  assetId: string,
  ctx: TusContext,
  dialect: TusDialect,
  whole: boolean,
): Promise<Response> {
  const { store } = ctx;
  const state = await store.state(assetId);
  if (state.complete) return respond(ctx, dialect, 400, {}, "this upload is already complete");
  const offset = whole ? 0 : byteCount(req.headers, "upload-offset");
  if (offset === undefined) throw new TusHeaderError(400, "Upload-Offset is required");
  if (whole && state.offset > 0) {
    return respond(ctx, dialect, 409, stateHeaders(state, dialect), "PUT only starts an upload");
  }
  if (offset !== state.offset) {
    return respond(
      ctx,
      dialect,
      409,
      stateHeaders(state, dialect),
      `Upload-Offset ${offset} does not match the stored offset ${state.offset}`,
    );
  }
  const length = whole
    ? (byteCount(req.headers, "content-length") ?? state.length)
    : (byteCount(req.headers, "upload-length") ?? state.length);
  if (length !== undefined && state.length !== undefined && length !== state.length) {
    throw new TusHeaderError(400, `Upload-Length ${length} differs from ${state.length}`);
  }
  if (length !== undefined && length > ctx.maxBytes) {
    return respond(ctx, dialect, 413, {}, `the upload is larger than ${ctx.maxBytes} bytes`);
  }
  if (length !== undefined && length < offset) {
    throw new TusHeaderError(400, `Upload-Length ${length} is below the offset ${offset}`);
  }
  if (length !== undefined && state.length === undefined) await store.setLength(assetId, length);
  const result = await store.append(assetId, offset, req.body, length ?? ctx.maxBytes);
  const after = { ...state, offset: result.offset, length };
  if (result.kind === "overflow") {
    const why = length === undefined ? `larger than ${ctx.maxBytes} bytes` : `past Upload-Length`;
    return respond(ctx, dialect, 413, stateHeaders(after, dialect), `the upload went ${why}`);
  }
  if (result.kind === "interrupted")
    return respond(ctx, dialect, 400, stateHeaders(after, dialect));
  const done = await completedLength(
    ctx,
    assetId,
    result.offset,
    whole ? result.offset : length,
    uploadComplete(req.headers),
    dialect,
  );
  if (done !== undefined) {
    await store.markComplete(assetId, done);
    ctx.onComplete(assetId, done);
  }
  const final = { offset: result.offset, length: done ?? length, complete: done !== undefined };
  return respond(ctx, dialect, 204, stateHeaders(final, dialect));
}

/** Serves one request to the upload endpoint of `assetId` (an asset in status uploading). */
export async function handleTus(req: Request, assetId: string, ctx: TusContext): Promise<Response> {
  const method =
    req.method === "POST" && req.headers.get("x-http-method-override") === "PATCH"
      ? "PATCH"
      : req.method;
  if (method === "OPTIONS") return options(req, ctx);
  let dialect: TusDialect | undefined;
  try {
    if (method === "HEAD") {
      dialect = dialectOf(req.headers);
      return respond(ctx, dialect, 200, stateHeaders(await ctx.store.state(assetId), dialect));
    }
    if (method !== "PATCH" && method !== "PUT") {
      return respond(ctx, undefined, 405, { allow: METHODS }, `use ${METHODS}`);
    }
    dialect = method === "PUT" ? { version: undefined, draft: undefined } : dialectOf(req.headers);
    if (method === "PATCH") checkPatchType(req.headers, dialect);
    // Concurrent writes to one upload would interleave bytes: refuse the second.
    if (!ctx.store.lock(assetId)) {
      return respond(ctx, dialect, 423, {}, "another request is writing to this upload");
    }
    try {
      return await append(req, assetId, ctx, dialect, method === "PUT");
    } finally {
      ctx.store.unlock(assetId);
    }
  } catch (e) {
    if (!(e instanceof TusHeaderError)) throw e;
    return respond(ctx, dialect, e.status, {}, e.message);
  }
}
