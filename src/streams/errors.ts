import { ClutchCallError } from "../errors.ts";

/** Stable codes of `StreamsError`. */
export const StreamsErrorCode = {
  /** The `Streams` options are invalid (thrown by the constructor). */
  INVALID_OPTIONS: "invalid_options",
  /** A control-plane call on a client built without `baseUrl` and `apiKey`. */
  NOT_CONFIGURED: "not_configured",
  /** An argument failed validation (here or on the server); `fields` says which. */
  VALIDATION: "validation",
  /** The API key is missing, unknown or revoked. */
  UNAUTHENTICATED: "unauthenticated",
  /** The API key may not do this (e.g. it belongs to another org). */
  FORBIDDEN: "forbidden",
  /** No such input, key or asset in this org. */
  NOT_FOUND: "not_found",
  /** The request conflicts with the current state. */
  CONFLICT: "conflict",
  /** The server failed (5xx) or answered something that is not the control plane's format. */
  SERVER: "server_error",
  /** The server could not be reached. */
  NETWORK: "network_error",
  /** The call's AbortSignal fired. */
  ABORTED: "aborted",
  /**
   * The relay refused a stream session's credentials: a bad, expired,
   * revoked-key or other-broadcast playback token, or a wrong stream key.
   */
  AUTH_FAILED: "auth_failed",
} as const;
export type StreamsErrorCode = (typeof StreamsErrorCode)[keyof typeof StreamsErrorCode];

/** Options of `new StreamsError`. */
export interface StreamsErrorOptions {
  /** The server's stable reason string (`missing_api_key`, `validation`, …), when it sent one. */
  readonly reason?: string;
  /** HTTP status of the answer, when there was one. */
  readonly status?: number;
  /** Messages per failing input field (code `validation`). */
  readonly fields?: Readonly<Record<string, readonly string[]>>;
  /** The procedure called, e.g. "liveInputs.create". */
  readonly procedure?: string;
  readonly cause?: unknown;
}

/** Every failure of the Streams modality. */
export class StreamsError extends ClutchCallError {
  declare readonly code: StreamsErrorCode;
  readonly reason: string | undefined;
  readonly status: number | undefined;
  readonly fields: Readonly<Record<string, readonly string[]>>;
  readonly procedure: string | undefined;

  constructor(code: StreamsErrorCode, message: string, options: StreamsErrorOptions = {}) {
    super(code, message, {
      fatal: code === StreamsErrorCode.INVALID_OPTIONS || code === StreamsErrorCode.AUTH_FAILED,
      cause: options.cause,
    });
    this.reason = options.reason;
    this.status = options.status;
    this.fields = options.fields ?? {};
    this.procedure = options.procedure;
  }
}
