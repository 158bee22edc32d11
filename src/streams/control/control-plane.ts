// The control plane's HTTP wire: tRPC procedures at `<baseUrl>/trpc/<path>`,
// queries as GET `?input=<json>` (retried: they are idempotent reads), mutations
// as POST with a JSON body (sent once).
import { StreamsError, StreamsErrorCode } from "../errors.ts";
import { procedureError } from "./procedure-error.ts";

/** Per-call options of every control-plane method. */
export interface CallOptions {
  /** Aborts the call (rejects with a StreamsError of code `aborted`). */
  readonly signal?: AbortSignal;
}

/** How idempotent reads are retried after network failures, 429 and 5xx answers. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables. */
  readonly retries: number;
  /** Delay before the first retry, doubled for each next one (with ±50 % jitter). */
  readonly baseDelayMs: number;
}

/** Default retry policy: two retries, 200 ms then 400 ms (jittered). */
export const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseDelayMs: 200 };

/** What the control plane needs to know. */
export interface ControlPlaneConfig {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly orgId: string | undefined;
  readonly fetch: typeof fetch;
  readonly retry: RetryPolicy;
}

/** The path under `baseUrl` where procedures are served. */
export const TRPC_PATH = "/trpc";

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

function abortError(signal: AbortSignal, procedure: string): StreamsError {
  return new StreamsError(StreamsErrorCode.ABORTED, `${procedure}: aborted`, {
    procedure,
    cause: signal.reason,
  });
}

function sleep(ms: number, signal: AbortSignal | undefined, procedure: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal, procedure));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!, procedure));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** One control-plane endpoint with one API key. */
export class ControlPlane {
  constructor(private readonly config: ControlPlaneConfig) {}

  /** Calls a query procedure (GET), retrying per the retry policy. */
  async query<T>(procedure: string, input: unknown, options: CallOptions = {}): Promise<T> {
    const url = new URL(this.#url(procedure), globalThis.location?.href);
    if (input !== undefined) url.searchParams.set("input", JSON.stringify(input));
    const { retries, baseDelayMs } = this.config.retry;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#send<T>(procedure, url.href, { method: "GET" }, options.signal);
      } catch (e) {
        const retryable =
          e instanceof StreamsError &&
          (e.code === StreamsErrorCode.NETWORK ||
            (e.status !== undefined && RETRYABLE_STATUS.has(e.status)));
        if (!retryable || attempt >= retries) throw e;
        const delayMs = baseDelayMs * 2 ** attempt * (0.5 + Math.random());
        await sleep(delayMs, options.signal, procedure);
      }
    }
  }

  /** Calls a mutation procedure (POST), once. */
  mutation<T>(procedure: string, input: unknown, options: CallOptions = {}): Promise<T> {
    const body = input === undefined ? "" : JSON.stringify(input);
    return this.#send<T>(procedure, this.#url(procedure), { method: "POST", body }, options.signal);
  }

  #url(procedure: string): string {
    return `${this.config.baseUrl.replace(/\/+$/, "")}${TRPC_PATH}/${procedure}`;
  }

  async #send<T>(
    procedure: string,
    url: string,
    init: { method: string; body?: string },
    signal: AbortSignal | undefined,
  ): Promise<T> {
    if (signal?.aborted) throw abortError(signal, procedure);
    const headers: Record<string, string> = { authorization: `Bearer ${this.config.apiKey}` };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (this.config.orgId !== undefined) headers["x-clutchcall-org"] = this.config.orgId;
    let res: Response;
    try {
      res = await this.config.fetch(url, {
        ...init,
        headers,
        ...(signal !== undefined && { signal }),
      });
    } catch (e) {
      if (signal?.aborted) throw abortError(signal, procedure);
      throw new StreamsError(StreamsErrorCode.NETWORK, `${procedure}: cannot reach ${url}`, {
        procedure,
        cause: e,
      });
    }
    let body: { result?: { data?: unknown }; error?: Record<string, unknown> };
    try {
      body = (await res.json()) as typeof body;
    } catch (e) {
      if (signal?.aborted) throw abortError(signal, procedure);
      throw new StreamsError(
        StreamsErrorCode.SERVER,
        `${procedure}: HTTP ${res.status} with a body that is not the control plane's JSON`,
        { procedure, status: res.status, cause: e },
      );
    }
    if (body.error !== undefined) throw procedureError(procedure, res.status, body.error);
    if (!res.ok || body.result === undefined) {
      throw new StreamsError(StreamsErrorCode.SERVER, `${procedure}: HTTP ${res.status}`, {
        procedure,
        status: res.status,
      });
    }
    return body.result.data as T;
  }
}
