// Translation of a control-plane answer's error (tRPC shape: `{ error: { message,
// data: { code, httpStatus, reason, fields } } }`) into a StreamsError.
import { StreamsError, StreamsErrorCode } from "../errors.ts";

const BY_TRPC_CODE: Readonly<Record<string, StreamsErrorCode>> = {
  BAD_REQUEST: StreamsErrorCode.VALIDATION,
  PARSE_ERROR: StreamsErrorCode.VALIDATION,
  UNAUTHORIZED: StreamsErrorCode.UNAUTHENTICATED,
  FORBIDDEN: StreamsErrorCode.FORBIDDEN,
  NOT_FOUND: StreamsErrorCode.NOT_FOUND,
  CONFLICT: StreamsErrorCode.CONFLICT,
};

interface WireError {
  message?: unknown;
  data?: { code?: unknown; httpStatus?: unknown; reason?: unknown; fields?: unknown };
}

function fieldsOf(value: unknown): Record<string, string[]> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v)) out[k] = v.filter((m): m is string => typeof m === "string");
  }
  return out;
}

/** The StreamsError for an error answer of `procedure` with HTTP `status`. */
export function procedureError(procedure: string, status: number, error: WireError): StreamsError {
  const data = error.data ?? {};
  const trpcCode = typeof data.code === "string" ? data.code : "";
  const code = BY_TRPC_CODE[trpcCode] ?? StreamsErrorCode.SERVER;
  const message = typeof error.message === "string" ? error.message : `HTTP ${status}`;
  const fields = fieldsOf(data.fields);
  return new StreamsError(code, `${procedure}: ${message}`, {
    procedure,
    status,
    ...(typeof data.reason === "string" && { reason: data.reason }),
    ...(fields !== undefined && { fields }),
  });
}
