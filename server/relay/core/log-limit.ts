// Bounded logs: records a peer can cause at will (warnings and errors about one
// session or one address, a dependency's console output) are warn at most and
// rate-limited per session and per address, so a misbehaving or hostile client
// cannot flood the log. The relay's own records pass untouched.
import type { LogFields, LogLevel, RelayLogger } from "./logger.ts";

/** A token bucket: `burst` records at once, then one more every `refillMs`. */
export interface LogRate {
  readonly burst: number;
  readonly refillMs: number;
}

/** Bounds of `rateLimitedLogger` per kind of key. */
export interface LogLimits {
  readonly perSession: LogRate;
  /** Many sessions share an address (every local test client is 127.0.0.1). */
  readonly perAddress: LogRate;
  /** Peer-caused events that name neither (dependency console output, connection errors). */
  readonly perEvent: LogRate;
}

/**
 * Defaults: a session writes 10 such records at once, then one per 6 s; an address 60
 * at once, then one per second; an anonymous event the same.
 */
export const DEFAULT_LOG_LIMITS: LogLimits = {
  perSession: { burst: 10, refillMs: 6_000 },
  perAddress: { burst: 60, refillMs: 1_000 },
  perEvent: { burst: 60, refillMs: 1_000 },
};

interface Bucket {
  readonly rate: LogRate;
  tokens: number;
  atMs: number;
  suppressed: number;
}

/**
 * Events a peer causes that name no session or address: a dependency's console output
 * (e.g. QMux's "Protocol violation"), HTTP/3 and WebSocket failures of a connection.
 */
const ANONYMOUS_PEER_EVENTS = new Set(["console", "h3.error", "websocket.failed"]);

/** Keys a record is limited by, with their rates: its session and address, else its event. */
function keysOf(event: string, fields: LogFields, limits: LogLimits): [string, LogRate][] {
  const keys: [string, LogRate][] = [];
  if (fields.session !== undefined) keys.push([`session:${fields.session}`, limits.perSession]);
  if (fields.address !== undefined) keys.push([`address:${fields.address}`, limits.perAddress]);
  if (keys.length === 0 && ANONYMOUS_PEER_EVENTS.has(event)) keys.push([event, limits.perEvent]);
  return keys;
}

/**
 * Wraps `inner`: warn and error records carrying a `session` or `address` field, and
 * every record of a peer-caused event without them (`console`, `h3.error`,
 * `websocket.failed`), are written at most at warn level and only while each of
 * their keys has tokens left. The next record let through for a key carries how many
 * were `suppressed` meanwhile.
 */
export function rateLimitedLogger(
  inner: RelayLogger,
  nowMs: () => number,
  limits: LogLimits = DEFAULT_LOG_LIMITS,
): RelayLogger {
  const buckets = new Map<string, Bucket>();
  const take = (key: string, rate: LogRate): Bucket | undefined => {
    const now = nowMs();
    let b = buckets.get(key);
    if (b === undefined) {
      b = { rate, tokens: rate.burst, atMs: now, suppressed: 0 };
      buckets.set(key, b);
    }
    const refilled = Math.floor((now - b.atMs) / rate.refillMs);
    if (refilled > 0) {
      b.tokens = Math.min(rate.burst, b.tokens + refilled);
      b.atMs += refilled * rate.refillMs;
    }
    if (b.tokens === 0) {
      b.suppressed++;
      return undefined;
    }
    b.tokens--;
    return b;
  };
  const forget = (now: number) => {
    // Full buckets hold no state worth keeping: bounded memory however many peers came.
    for (const [key, b] of buckets) {
      if (b.suppressed === 0 && b.tokens + (now - b.atMs) / b.rate.refillMs >= b.rate.burst) {
        buckets.delete(key);
      }
    }
  };
  let lastSweepMs = nowMs();
  return {
    log(level: LogLevel, event: string, fields: LogFields = {}) {
      const keys = keysOf(event, fields, limits);
      const peerCaused =
        ANONYMOUS_PEER_EVENTS.has(event) ||
        (keys.length > 0 && (level === "warn" || level === "error"));
      if (!peerCaused) return inner.log(level, event, fields);
      const taken: Bucket[] = [];
      for (const [key, rate] of keys) {
        const b = take(key, rate);
        if (b === undefined) {
          for (const t of taken) t.tokens++; // not written: give back what was taken
          return;
        }
        taken.push(b);
      }
      let suppressed = 0;
      for (const b of taken) {
        suppressed += b.suppressed;
        b.suppressed = 0;
      }
      inner.log(level === "error" ? "warn" : level, event, {
        ...fields,
        ...(suppressed > 0 && { suppressed }),
      });
      const now = nowMs();
      if (now - lastSweepMs > 60_000) {
        lastSweepMs = now;
        forget(now);
      }
    },
  };
}
