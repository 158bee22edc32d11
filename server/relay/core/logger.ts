/** Severity of a relay log record, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured fields of a log record (JSON-friendly values). */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where the relay writes its structured log: one call per record, with a
 * level, a stable dotted event name (e.g. "session.accepted") and fields.
 */
export interface RelayLogger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A logger that drops every record. */
export const silentLogger: RelayLogger = { log: () => undefined };

/** True when `level` is at least `min`. */
export function atLeast(level: LogLevel, min: LogLevel): boolean {
  return RANK[level] >= RANK[min];
}

/**
 * A logger printing one JSON line per record at or above `minLevel` through
 * `console` (stderr for warnings and errors where the runtime separates them).
 */
export function consoleLogger(minLevel: LogLevel = "info"): RelayLogger {
  return {
    log(level, event, fields = {}) {
      if (!atLeast(level, minLevel)) return;
      const line = JSON.stringify({ level, event, ...fields }, jsonSafe);
      if (level === "error" || level === "warn") console.error(line);
      else console.log(line);
    },
  };
}

/** JSON replacer for values JSON cannot show as is (bigint, bytes, errors). */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
