import { invalidArgument, type MoqtClientError } from "./errors.ts";

/** What a reconnect policy decides on. */
export interface ReconnectContext {
  /** 1 for the first retry after a failure or a loss, then 2, 3, ... */
  readonly attempt: number;
  /** The failure (or loss) that calls for the retry. */
  readonly error: MoqtClientError;
  /** Milliseconds since the client first failed to reach the relay in this run. */
  readonly elapsedMs: number;
}

/**
 * Decides when the client dials again: the delay in milliseconds, or `null` to
 * give up (the client then goes to Failed with RETRIES_EXHAUSTED). Replace it
 * through `MoqtClientOptions.reconnect`.
 */
export interface ReconnectPolicy {
  /** Milliseconds to wait before the next attempt, or `null` to give up. */
  nextDelayMs(context: ReconnectContext): number | null;
}

/** Options of `ExponentialBackoff`. */
export interface ExponentialBackoffOptions {
  /** Delay before the first retry; default 100 ms. */
  readonly initialDelayMs?: number;
  /** Cap of every delay; default 10 000 ms. */
  readonly maxDelayMs?: number;
  /**
   * For this long after the first failure, delays are capped at
   * `recoveryMaxDelayMs`, so a relay that restarts (a deploy, a crash) is found
   * again within about that long; default 30 000 ms, 0 to turn it off.
   */
  readonly recoveryWindowMs?: number;
  /** Cap of every delay within `recoveryWindowMs`; default 1000 ms (at least `initialDelayMs`). */
  readonly recoveryMaxDelayMs?: number;
  /** Growth per attempt; default 2. */
  readonly multiplier?: number;
  /**
   * Fraction of each delay that is random, 0..1; default 0.5: a delay `d` becomes
   * a uniform pick in [d × (1 − jitter), d], so clients that lost the same relay
   * do not all return at once.
   */
  readonly jitter?: number;
  /** Retries before giving up; default unlimited. */
  readonly maxAttempts?: number;
  /** Give up once this long has passed since the first failure; default unlimited. */
  readonly maxElapsedMs?: number;
  /** Source of randomness in [0, 1); default `Math.random`. */
  readonly random?: () => number;
}

function check(name: string, value: number, min: number, max = Number.POSITIVE_INFINITY): number {
  if (!(value >= min && value <= max)) {
    throw invalidArgument(`${name} must be in ${min}..${max}, got ${value}`);
  }
  return value;
}

/**
 * Capped exponential backoff with jitter: `min(cap, initial × multiplier^(attempt−1))`,
 * jittered, where the cap is `recoveryMaxDelayMs` for the first `recoveryWindowMs`
 * after the failure and `maxDelayMs` after that.
 */
export class ExponentialBackoff implements ReconnectPolicy {
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly recoveryWindowMs: number;
  private readonly recoveryMaxDelayMs: number;
  private readonly multiplier: number;
  private readonly jitter: number;
  private readonly maxAttempts: number;
  private readonly maxElapsedMs: number;
  private readonly random: () => number;

  constructor(o: ExponentialBackoffOptions = {}) {
    this.initialDelayMs = check("initialDelayMs", o.initialDelayMs ?? 100, 0);
    this.maxDelayMs = check("maxDelayMs", o.maxDelayMs ?? 10_000, this.initialDelayMs);
    this.recoveryWindowMs = check("recoveryWindowMs", o.recoveryWindowMs ?? 30_000, 0);
    this.recoveryMaxDelayMs = check(
      "recoveryMaxDelayMs",
      o.recoveryMaxDelayMs ?? Math.max(this.initialDelayMs, Math.min(1000, this.maxDelayMs)),
      this.initialDelayMs,
    );
    this.multiplier = check("multiplier", o.multiplier ?? 2, 1);
    this.jitter = check("jitter", o.jitter ?? 0.5, 0, 1);
    this.maxAttempts = check("maxAttempts", o.maxAttempts ?? Number.POSITIVE_INFINITY, 0);
    this.maxElapsedMs = check("maxElapsedMs", o.maxElapsedMs ?? Number.POSITIVE_INFINITY, 0);
    this.random = o.random ?? Math.random;
  }

  /** The capped, jittered delay for `c.attempt`; `null` past `maxAttempts` / `maxElapsedMs`. */
  nextDelayMs(c: ReconnectContext): number | null {
    if (c.attempt > this.maxAttempts || c.elapsedMs > this.maxElapsedMs) return null;
    const cap = c.elapsedMs < this.recoveryWindowMs ? this.recoveryMaxDelayMs : this.maxDelayMs;
    const base = Math.min(cap, this.initialDelayMs * this.multiplier ** Math.max(0, c.attempt - 1));
    const r = Math.min(Math.max(this.random(), 0), 1);
    return Math.round(base * (1 - this.jitter * r));
  }
}

/** A policy that never retries: the first failure or loss ends in Failed. */
export const NO_RECONNECT: ReconnectPolicy = { nextDelayMs: () => null };
