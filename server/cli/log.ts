// Structured logging of the dev server: one JSON object per line on stderr, so
// stdout carries nothing but the ready line.

import { rateLimitedLogger } from "../relay/core/log-limit.ts";
import type { LogFields, LogLevel, RelayLogger } from "../relay/core/mod.ts";

/** Levels accepted by `--log-level`, quietest last. */
export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
/** A `--log-level` value: a relay level, or "silent" for no log at all. */
export type LogThreshold = (typeof LOG_LEVELS)[number];

const RANK: Readonly<Record<LogThreshold, number>> = {
  debug: 0,
  info: 1,
  warn: 2,
  error: 3,
  silent: 4,
};

/** True when `s` names a level. */
export function isLogThreshold(s: string): s is LogThreshold {
  return (LOG_LEVELS as readonly string[]).includes(s);
}

/** JSON replacer for values JSON cannot show as is (bigint, bytes, errors). */
export function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

const ENCODER = new TextEncoder();

/** Writes all of `text` to a synchronous sink (writeSync may write part of a buffer). */
export function writeAllSync(sink: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = ENCODER.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(sink.writeSync(bytes));
}

/** A logger with a threshold, also usable by the relay core. */
export interface ServerLogger extends RelayLogger {
  readonly threshold: LogThreshold;
  /** Whether a record at `level` would be written. */
  enabled(level: LogLevel): boolean;
}

/**
 * A logger writing `{"ts","level","event",...fields}` lines to `sink` (stderr by
 * default) for records at or above `threshold`.
 */
export function jsonLogger(
  threshold: LogThreshold,
  sink: { writeSync(p: Uint8Array): number } = Deno.stderr,
  nowMs: () => number = Date.now,
): ServerLogger {
  const enabled = (level: LogLevel) => RANK[level] >= RANK[threshold];
  return {
    threshold,
    enabled,
    log(level: LogLevel, event: string, fields: LogFields = {}) {
      if (!enabled(level)) return;
      const record = { ts: new Date(nowMs()).toISOString(), level, event, ...fields };
      writeAllSync(sink, `${JSON.stringify(record, jsonSafe)}\n`);
    },
  };
}

/**
 * `logger` with the records a peer can cause (warnings about one session or address,
 * a dependency's console output) at warn at most and rate-limited per session and
 * per address (`rateLimitedLogger`).
 */
export function withPeerLogLimits(
  logger: ServerLogger,
  nowMs: () => number = Date.now,
): ServerLogger {
  const limited = rateLimitedLogger(logger, nowMs);
  return { threshold: logger.threshold, enabled: logger.enabled, log: limited.log };
}

/**
 * Sends `console.log` / `info` / `debug` output (from dependencies) to the log as
 * `console` records instead of stdout, which belongs to the ready line.
 */
export function redirectConsole(logger: ServerLogger): void {
  const forward =
    (level: LogLevel) =>
    (...args: unknown[]) =>
      logger.log(level, "console", { message: args.map(String).join(" ") });
  console.log = forward("info");
  console.info = forward("info");
  console.debug = forward("debug");
  console.warn = forward("warn");
  console.error = forward("error");
}
