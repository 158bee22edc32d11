// The engine's typed errors: a tRPC code plus a stable `reason` string, never a
// stack trace. Validation errors name every field that failed.
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

/** Stable reasons an engine procedure fails with (`error.data.reason` on the wire). */
export const EngineReason = {
  VALIDATION: "validation",
  MISSING_API_KEY: "missing_api_key",
  INVALID_API_KEY: "invalid_api_key",
  ORG_MISMATCH: "org_mismatch",
  NOT_FOUND: "not_found",
  CONFLICT: "conflict",
  /** Voice: the call already ended. */
  CALL_ENDED: "call_ended",
  /** Voice: the transfer target did not answer; the call continues. */
  TRANSFER_FAILED: "transfer_failed",
  /** Voice: an idempotency key reused with different arguments. */
  IDEMPOTENCY_CONFLICT: "idempotency_conflict",
  INTERNAL: "internal",
} as const;
export type EngineReason = (typeof EngineReason)[keyof typeof EngineReason];

/** Carries a reason through TRPCError's `cause`. */
class ReasonCause extends Error {
  constructor(readonly reason: EngineReason) {
    super(reason);
  }
}

/** A typed procedure failure. */
export function engineError(
  code: TRPCError["code"],
  reason: EngineReason,
  message: string,
): TRPCError {
  return new TRPCError({ code, message, cause: new ReasonCause(reason) });
}

/** A record that does not exist in the caller's org. */
export function notFound(what: string, id: string): TRPCError {
  return engineError("NOT_FOUND", EngineReason.NOT_FOUND, `${what} ${id} not found`);
}

/** "name: Too small; ingest: Invalid option" from a schema failure. */
export function describeIssues(e: ZodError): { message: string; fields: Record<string, string[]> } {
  const fields: Record<string, string[]> = {};
  for (const issue of e.issues) {
    const at = issue.path.map(String).join(".");
    const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const field =
      unknownKeys.length > 0
        ? unknownKeys.map((k) => (at === "" ? k : `${at}.${k}`)).join(", ")
        : at || "input";
    fields[field] = [...(fields[field] ?? []), issue.message];
  }
  const message = Object.entries(fields)
    .map(([field, messages]) => `${field}: ${messages.join(", ")}`)
    .join("; ");
  return { message: `invalid input: ${message}`, fields };
}

/** What the wire carries for an error (tRPC's shape, with `reason` and no stack). */
export interface EngineErrorData {
  readonly code: TRPCError["code"];
  readonly httpStatus: number;
  readonly path?: string;
  readonly reason: EngineReason;
  /** Messages per failing input field (reason "validation"). */
  readonly fields?: Record<string, string[]>;
}

/** The errorFormatter of the engine's tRPC instance. */
export function formatEngineError(opts: {
  shape: {
    message: string;
    code: number;
    data: { code: TRPCError["code"]; httpStatus: number; path?: string };
  };
  error: TRPCError;
}): { message: string; code: number; data: EngineErrorData } {
  const { shape, error } = opts;
  const base = {
    code: shape.data.code,
    httpStatus: shape.data.httpStatus,
    ...(shape.data.path !== undefined && { path: shape.data.path }),
  };
  if (error.cause instanceof ZodError) {
    const { message, fields } = describeIssues(error.cause);
    return {
      message,
      code: shape.code,
      data: { ...base, reason: EngineReason.VALIDATION, fields },
    };
  }
  if (error.cause instanceof ReasonCause) {
    return {
      message: shape.message,
      code: shape.code,
      data: { ...base, reason: error.cause.reason },
    };
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    return {
      message: "internal error",
      code: shape.code,
      data: { ...base, reason: EngineReason.INTERNAL },
    };
  }
  const reason = error.code === "NOT_FOUND" ? EngineReason.NOT_FOUND : EngineReason.VALIDATION;
  return { message: shape.message, code: shape.code, data: { ...base, reason } };
}
