import type { MoqtClientError } from "./errors.ts";

/** The lifecycle states of a `MoqtClient` (the product docs' names). */
export const ConnectionState = {
  /** Dialling the relay (first connection, retried with the reconnect policy). */
  Connecting: "Connecting",
  /** Session up; every publication and subscription is (re)attached. */
  Connected: "Connected",
  /** The link dropped; retrying with backoff. */
  Reconnecting: "Reconnecting",
  /** `close()` was called. Final. */
  Closed: "Closed",
  /** Unrecoverable (bad URL, auth refused, version mismatch, policy gave up). Final. */
  Failed: "Failed",
} as const;
/** One of the `ConnectionState` values. */
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** One state transition, as `onState` and the `state` event report it. */
export interface StateChange {
  /** The new state. */
  readonly state: ConnectionState;
  /** The state before. */
  readonly previous: ConnectionState;
  /** Why: the loss that caused Reconnecting, the reason of Failed. */
  readonly error?: MoqtClientError;
}

/** A retry the reconnect policy scheduled (the `retry` event). */
export interface RetryInfo {
  /** 1 for the first retry after a failure or loss. */
  readonly attempt: number;
  /** Milliseconds until the attempt. */
  readonly delayMs: number;
  /** The failure or loss that called for it. */
  readonly error: MoqtClientError;
}
