// The control plane's procedures over HTTP, as tRPC serves them: queries are
// GET /trpc/<path>?input=<json>, mutations POST /trpc/<path> with a JSON body;
// the answer is {"result":{"data":…}} or {"error":{"message","data":{reason,…}}}.
import { VoiceError, VoiceErrorCode } from "../errors.ts";

/** How the SDK reaches the control plane. */
export interface RpcConfig {
  /** Engine origin, e.g. "http://127.0.0.1:4443" (procedures live under /trpc). */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  readonly apiKey: string;
  /** Sent as `x-clutchcall-org`; the engine checks it is the key's org. */
  readonly orgId: string;
  readonly fetch: typeof fetch;
}

interface RpcErrorBody {
  readonly message?: string;
  readonly data?: { readonly reason?: string; readonly fields?: Record<string, string[]> };
}

/** The VoiceErrorCode for an engine error: its voice reason, or its generic one. */
function codeOf(error: RpcErrorBody, status: number): VoiceErrorCode {
  const reason = error.data?.reason;
  const fields = Object.keys(error.data?.fields ?? {});
  switch (reason) {
    case "unknown_call":
    case "not_found":
      return VoiceErrorCode.UNKNOWN_CALL;
    case "call_ended":
      return VoiceErrorCode.CALL_ENDED;
    case "transfer_failed":
      return VoiceErrorCode.TRANSFER_FAILED;
    case "idempotency_conflict":
      return VoiceErrorCode.IDEMPOTENCY_CONFLICT;
    case "missing_api_key":
    case "invalid_api_key":
    case "org_mismatch":
      return VoiceErrorCode.UNAUTHORIZED;
    case "validation":
      if (fields.some((f) => f === "to" || f === "from")) return VoiceErrorCode.INVALID_NUMBER;
      if (fields.includes("codec")) return VoiceErrorCode.UNSUPPORTED_CODEC;
      if (fields.some((f) => f === "sampleRate" || f === "frameMs" || f === "channels")) {
        return VoiceErrorCode.UNSUPPORTED_FORMAT;
      }
      if (fields.includes("agent")) return VoiceErrorCode.UNKNOWN_AGENT;
      return VoiceErrorCode.INVALID_ARGUMENT;
    default:
      return status === 401 || status === 403
        ? VoiceErrorCode.UNAUTHORIZED
        : VoiceErrorCode.REQUEST_FAILED;
  }
}

/** Calls procedure `path` (a query with GET, a mutation with POST); throws a VoiceError. */
export async function callProcedure<T>(
  config: RpcConfig,
  kind: "query" | "mutation",
  path: string,
  input: unknown,
): Promise<T> {
  const base = `${config.baseUrl.replace(/\/+$/, "")}/trpc/${path}`;
  const json = JSON.stringify(input);
  const headers: Record<string, string> = {
    authorization: `Bearer ${config.apiKey}`,
    "x-clutchcall-org": config.orgId,
  };
  let response: Response;
  try {
    response =
      kind === "query"
        ? await config.fetch(`${base}?input=${encodeURIComponent(json)}`, { headers })
        : await config.fetch(base, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body: json,
          });
  } catch (e) {
    throw new VoiceError(VoiceErrorCode.REQUEST_FAILED, `cannot reach ${base}: ${String(e)}`, {
      cause: e,
    });
  }
  let body: { result?: { data?: T }; error?: RpcErrorBody };
  try {
    body = (await response.json()) as typeof body;
  } catch (e) {
    throw new VoiceError(
      VoiceErrorCode.REQUEST_FAILED,
      `${path}: HTTP ${response.status} without a JSON answer`,
      { cause: e },
    );
  }
  if (body.error !== undefined || !response.ok) {
    const error = body.error ?? {};
    throw new VoiceError(
      codeOf(error, response.status),
      `${path}: ${error.message ?? `HTTP ${response.status}`}`,
    );
  }
  return body.result?.data as T;
}
