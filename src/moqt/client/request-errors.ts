import { MoqtErrorCode, MoqtRequestError } from "../session/errors.ts";
import { RequestErrorName } from "../session/request-error-codes.ts";
import { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";

/** How a handle reacts to a refused or failed PUBLISH / SUBSCRIBE / FETCH. */
export interface Refusal {
  /** What to report (the `error` event); undefined when the session merely ended. */
  readonly error: MoqtClientError | undefined;
  /** Whether to ask again on the same session (after `retryAfterMs`). */
  readonly retry: boolean;
  /** The relay's Retry Interval, when it gave one. */
  readonly retryAfterMs: number | undefined;
}

/**
 * Conditions that may clear up on their own: the relay is asked again later.
 * DUPLICATE_SUBSCRIPTION can only be a race with the end of the previous request
 * (the client never holds two requests for one track and role).
 */
const TRANSIENT: readonly string[] = [
  RequestErrorName.INTERNAL_ERROR,
  RequestErrorName.TIMEOUT,
  RequestErrorName.DOES_NOT_EXIST,
  RequestErrorName.DUPLICATE_SUBSCRIPTION,
];

/**
 * Classifies why request `what` ("SUBSCRIBE robot/odom") did not succeed on a
 * session of `draft`. A draft-16 REQUEST_ERROR with Retry Interval 0 SHOULD NOT
 * be retried (§"REQUEST_ERROR"): it is reported and not asked again on that
 * session, whatever the error; the next session asks again.
 */
export function refusal(e: unknown, what: string, draft: 14 | 16): Refusal {
  if (e instanceof MoqtRequestError) {
    if (e.code !== MoqtErrorCode.REQUEST_REJECTED) {
      // The session ended, is going away, or the request was withdrawn: nothing to report.
      return { error: undefined, retry: false, retryAfterMs: undefined };
    }
    const name = e.errorName ?? `code ${e.errorCode}`;
    const error = new MoqtClientError(
      MoqtClientErrorCode.REQUEST_REFUSED,
      `relay refused ${what}: ${name}${e.reason === "" ? "" : ` (${e.reason})`}`,
      { cause: e },
    );
    const retry =
      e.errorName !== undefined &&
      TRANSIENT.includes(e.errorName) &&
      (draft === 14 || e.retryIntervalMs !== undefined);
    return { error, retry, retryAfterMs: e.retryIntervalMs };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    error: new MoqtClientError(MoqtClientErrorCode.REQUEST_REFUSED, `${what} failed: ${message}`, {
      cause: e,
    }),
    retry: false,
    retryAfterMs: undefined,
  };
}
