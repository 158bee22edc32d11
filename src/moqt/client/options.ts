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

/**
 * Largest token the client sends. The token travels in a CLIENT_SETUP parameter
 * whose value, like the whole control message, is at most 65,535 bytes (draft
 * §"Key-Value-Pair Structure", §"Control Messages"); the rest is headroom for the
 * token's own header and the other SETUP parameters.
 */
export const MAX_TOKEN_BYTES = 65_535 - 1024;

const ENCODER = new TextEncoder();

/** A token value as sent: a string of at most `MAX_TOKEN_BYTES` of UTF-8, else INVALID_ARGUMENT. */
export function checkToken(value: unknown, what = "token"): string {
  if (typeof value !== "string") {
    throw invalidArgument(`${what} must be a string, got ${typeof value}`);
  }
  const bytes = ENCODER.encode(value).length;
  if (bytes > MAX_TOKEN_BYTES) {
    throw invalidArgument(`${what} is ${bytes} bytes (at most ${MAX_TOKEN_BYTES})`);
  }
  return value;
}

function tokenSource(t: unknown): TokenSource | undefined {
  if (t === undefined || typeof t === "function") return t as TokenSource | undefined;
  return checkToken(t);
}

function optionalFunction<T>(name: string, f: unknown): T | undefined {
  if (f !== undefined && typeof f !== "function") {
    throw invalidArgument(`${name} must be a function, got ${typeof f}`);
  }
  return f as T | undefined;
}

/** An object with method `method`, or undefined. */
function optionalWith<T>(name: string, v: unknown, method: string): T | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "object" || v === null || typeof Reflect.get(v, method) !== "function") {
    throw invalidArgument(`${name} must be an object with a ${method}() method`);
  }
  return v as T;
}

function versionList(v: unknown): readonly Version[] {
  if (v === undefined) return SUPPORTED_VERSIONS;
  if (!Array.isArray(v) || v.length === 0) {
    throw invalidArgument("versions must be a non-empty array of MoQT versions");
  }
  for (const x of v) {
    if (!SUPPORTED_VERSIONS.includes(x as Version)) {
      const known = SUPPORTED_VERSIONS.map((k) => `0x${k.toString(16)}`).join(", ");
      throw invalidArgument(`versions: ${String(x)} is not a supported version (${known})`);
    }
  }
  return v as Version[];
}

function abortSignal(s: unknown): AbortSignal | undefined {
  if (s !== undefined && !(s instanceof AbortSignal)) {
    throw invalidArgument("signal must be an AbortSignal");
  }
  return s;
}

/** Applies the defaults documented on `MoqtClientOptions`; throws INVALID_ARGUMENT for bad values. */
export function resolveClientOptions(o: MoqtClientOptions): ResolvedClientOptions {
  if (typeof o !== "object" || o === null) throw invalidArgument("options must be an object");
  return {
    token: tokenSource(o.token),
    onState: optionalFunction("onState", o.onState),
    reconnect:
      optionalWith<ReconnectPolicy>("reconnect", o.reconnect, "nextDelayMs") ??
      new ExponentialBackoff(),
    dial: optionalFunction<Dial>("dial", o.dial) ?? dialWith(transportChoice(o.transport)),
    versions: versionList(o.versions),
    signal: abortSignal(o.signal),
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
    clock: optionalWith<Clock>("clock", o.clock, "nowMs") ?? SYSTEM_CLOCK,
  };
}
