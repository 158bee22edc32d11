// The `Streams` constructor's options: one object for the control plane
// (`baseUrl` + `apiKey` [+ `orgId`]) and the data plane (`relayUrl`, `apiBase`,
// `token`), checked when the client is built.

import type { RetryPolicy } from "./control/control-plane.ts";
import { StreamsError, StreamsErrorCode } from "./errors.ts";

/** Options of `new Streams(…)`. Give the control-plane trio, the data-plane fields, or both. */
export interface StreamsOptions {
  /** Control plane base URL, e.g. "https://app.clutchcall.dev" (procedures under `/trpc`). */
  readonly baseUrl?: string;
  /** API key, sent as `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  /** The org the API key belongs to (`org_…`); the server refuses a key of another org. */
  readonly orgId?: string;
  /** The relay the data plane connects to, e.g. "https://relay.clutchcall.dev". */
  readonly relayUrl?: string;
  /** Base URL of the data plane's HTTPS endpoints (VOD); "" means the page's own origin. */
  readonly apiBase?: string;
  /** A playback token (JWT) the viewer presents. */
  readonly token?: string;
  /** The fetch to use (default: the global one). */
  readonly fetch?: typeof fetch;
  /** Retries of idempotent reads (default two, from 200 ms). Writes are never retried. */
  readonly retry?: Partial<RetryPolicy>;
}

function invalid(message: string): StreamsError {
  return new StreamsError(StreamsErrorCode.INVALID_OPTIONS, `new Streams(): ${message}`);
}

function optionalString(o: StreamsOptions, key: keyof StreamsOptions, allowEmpty = false): void {
  const v = o[key];
  if (v === undefined) return;
  if (typeof v !== "string") throw invalid(`${key} must be a string, got ${typeof v}`);
  if (!allowEmpty && v.trim() === "") throw invalid(`${key} must not be empty`);
}

function checkUrl(key: "baseUrl" | "relayUrl" | "apiBase", value: string, schemes: string[]): void {
  let url: URL;
  try {
    url = new URL(value, globalThis.location?.href);
  } catch {
    throw invalid(`${key} must be a URL such as "https://example.com", got "${value}"`);
  }
  if (!schemes.includes(url.protocol)) {
    throw invalid(`${key} must use ${schemes.join(" or ")}, got "${value}"`);
  }
}

/** Throws StreamsError `invalid_options` naming the first option to fix. */
export function checkStreamsOptions(o: StreamsOptions): void {
  if (typeof o !== "object" || o === null) throw invalid("options must be an object");
  for (const key of ["baseUrl", "apiKey", "orgId", "relayUrl", "token"] as const) {
    optionalString(o, key);
  }
  optionalString(o, "apiBase", true);
  if (o.baseUrl !== undefined) checkUrl("baseUrl", o.baseUrl, ["http:", "https:"]);
  if (o.relayUrl !== undefined)
    checkUrl("relayUrl", o.relayUrl, ["https:", "http:", "wss:", "ws:"]);
  if (o.apiBase !== undefined && o.apiBase !== "")
    checkUrl("apiBase", o.apiBase, ["http:", "https:"]);
  if (o.apiKey !== undefined && /\s/.test(o.apiKey))
    throw invalid("apiKey must not contain spaces");
  if (o.orgId !== undefined && !/^org_[A-Za-z0-9]+$/.test(o.orgId)) {
    throw invalid(`orgId must look like "org_…", got "${o.orgId}"`);
  }
  if (o.baseUrl !== undefined && o.apiKey === undefined) {
    throw invalid("baseUrl needs an apiKey: give both for the control plane");
  }
  if (o.apiKey !== undefined && o.baseUrl === undefined) {
    throw invalid("apiKey needs a baseUrl: give both for the control plane");
  }
  if (o.fetch !== undefined && typeof o.fetch !== "function")
    throw invalid("fetch must be a function");
  const r = o.retry;
  if (r !== undefined) {
    if (r.retries !== undefined && !(Number.isInteger(r.retries) && r.retries >= 0)) {
      throw invalid(`retry.retries must be an integer ≥ 0, got ${r.retries}`);
    }
    if (r.baseDelayMs !== undefined && !(Number.isFinite(r.baseDelayMs) && r.baseDelayMs >= 0)) {
      throw invalid(`retry.baseDelayMs must be a number ≥ 0, got ${r.baseDelayMs}`);
    }
  }
}
