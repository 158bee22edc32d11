import type { TransportChoice } from "../../transport/connect-plan.ts";
import { SUPPORTED_VERSIONS, type Version } from "../wire/version.ts";
import type { Dial } from "./dial.ts";
import { dialWith } from "./dial.ts";
import { invalidArgument } from "./errors.ts";
import { ExponentialBackoff, type ReconnectPolicy } from "./reconnect-policy.ts";
import type { ConnectionState, StateChange } from "./states.ts";

/** A bearer token, or a function returning a fresh one for every (re)connect. */
export type TokenSource = string | (() => string | Promise<string>);

/** Wall-clock time for group numbering and default text timestamps. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** Options of `MoqtClient.connect`. */
export interface MoqtClientOptions {
  /**
   * Sent as the CLIENT_SETUP AUTHORIZATION TOKEN (USE_VALUE, token type 0). A
   * function is called on every dial, so an expired token can be replaced; a
   * fixed token the relay refuses makes the client Failed.
   */
  readonly token?: TokenSource;
  /** Called on every state change (also available as the `state` event). */
  readonly onState?: (state: ConnectionState, change: StateChange) => void;
  /** When to dial again; default `new ExponentialBackoff()` (100 ms doubling to 10 s, jittered). */
  readonly reconnect?: ReconnectPolicy;
  /** Opens the transport; default native WebTransport (see `Dial`). */
  readonly dial?: Dial;
  /**
   * Which transport the default dial uses: "auto" (default: native WebTransport
   * where it works, QMux over WebSocket otherwise), "webtransport" or
   * "websocket" (forced). Ignored when `dial` is given.
   */
  readonly transport?: TransportChoice;
  /** MoQT versions to offer; default draft-16 and draft-14 (the relay picks). */
  readonly versions?: readonly Version[];
  /** Aborting it closes the client. */
  readonly signal?: AbortSignal;
  /** Time for dial plus SETUP before the attempt counts as failed; default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** Largest object payload accepted by `write`; default 8 MiB (the dev relay's limit). */
  readonly maxObjectBytes?: number;
  /** Largest payload of a datagram-lane frame; default 1024 bytes. */
  readonly maxDatagramPayloadBytes?: number;
  /** Text messages a publication holds while not connected; default 1024, then QUEUE_OVERFLOW. */
  readonly maxQueuedTextMessages?: number;
  /**
   * How long a text publication keeps messages it already sent, to send them
   * again (same IDs) on the next session; default 30 000 ms. A connection that
   * dies silently is noticed only at the transport's idle timeout, and what was
   * written meanwhile reached nobody: keep this above that timeout. The current
   * and previous Group (65–128 messages) are always kept, whatever the age.
   */
  readonly textRetentionMs?: number;
  /**
   * Most sent text messages a publication keeps for a resend; default 4096 (about
   * 80 s at 50 msg/s). Beyond it the oldest are dropped first — if the relay never
   * got them, subscribers see a `gap` — but never the current and previous Group.
   */
  readonly maxRetainedTextMessages?: number;
  /** Audio/frame objects held while not connected (oldest dropped); default 64. */
  readonly maxQueuedObjects?: number;
  /** Delay before a subscription asks again after the relay ended or refused it; default 250 ms. */
  readonly resubscribeDelayMs?: number;
  /** Wall clock; default `Date.now`. */
  readonly clock?: Clock;
}

/** Options with defaults applied. */
export interface ResolvedClientOptions {
  readonly token: TokenSource | undefined;
  readonly onState: ((state: ConnectionState, change: StateChange) => void) | undefined;
  readonly reconnect: ReconnectPolicy;
  readonly dial: Dial;
  readonly versions: readonly Version[];
  readonly signal: AbortSignal | undefined;
  readonly connectTimeoutMs: number;
  readonly maxObjectBytes: number;
  readonly maxDatagramPayloadBytes: number;
  readonly maxQueuedTextMessages: number;
  readonly textRetentionMs: number;
  readonly maxRetainedTextMessages: number;
  readonly maxQueuedObjects: number;
  readonly resubscribeDelayMs: number;
  readonly clock: Clock;
}

const SYSTEM_CLOCK: Clock = { nowMs: () => Date.now() };

function positive(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!(Number.isFinite(v) && v > 0)) throw invalidArgument(`${name} must be a positive number`);
  return v;
}

function nonNegative(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!(Number.isFinite(v) && v >= 0)) throw invalidArgument(`${name} must be a number ≥ 0`);
  return v;
}

function transportChoice(t: TransportChoice | undefined): TransportChoice {
  if (t === undefined) return "auto";
  if (t !== "auto" && t !== "webtransport" && t !== "websocket") {
    throw invalidArgument('transport must be "auto", "webtransport" or "websocket"');
  }
  return t;
}

/** Applies the defaults documented on `MoqtClientOptions`; throws INVALID_ARGUMENT for bad values. */
export function resolveClientOptions(o: MoqtClientOptions): ResolvedClientOptions {
  if (o.versions !== undefined && o.versions.length === 0) {
    throw invalidArgument("versions must list at least one MoQT version");
  }
  return {
    token: o.token,
    onState: o.onState,
    reconnect: o.reconnect ?? new ExponentialBackoff(),
    dial: o.dial ?? dialWith(transportChoice(o.transport)),
    versions: o.versions ?? SUPPORTED_VERSIONS,
    signal: o.signal,
    connectTimeoutMs: positive("connectTimeoutMs", o.connectTimeoutMs, 10_000),
    maxObjectBytes: positive("maxObjectBytes", o.maxObjectBytes, 8 * 1024 * 1024),
    maxDatagramPayloadBytes: positive("maxDatagramPayloadBytes", o.maxDatagramPayloadBytes, 1024),
    maxQueuedTextMessages: positive("maxQueuedTextMessages", o.maxQueuedTextMessages, 1024),
    textRetentionMs: nonNegative("textRetentionMs", o.textRetentionMs, 30_000),
    maxRetainedTextMessages: nonNegative(
      "maxRetainedTextMessages",
      o.maxRetainedTextMessages,
      4096,
    ),
    maxQueuedObjects: positive("maxQueuedObjects", o.maxQueuedObjects, 64),
    resubscribeDelayMs: positive("resubscribeDelayMs", o.resubscribeDelayMs, 250),
    clock: o.clock ?? SYSTEM_CLOCK,
  };
}
