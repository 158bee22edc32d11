import type { LogFields, LogLevel, RelayLogger } from "../logger.ts";

/** One captured log record. */
export interface LogRecord {
  readonly level: LogLevel;
  readonly event: string;
  readonly fields: LogFields;
}

/** A logger keeping every record, for assertions. */
export class MemoryLogger implements RelayLogger {
  readonly records: LogRecord[] = [];

  log(level: LogLevel, event: string, fields: LogFields = {}): void {
    this.records.push({ level, event, fields });
  }

  events(name: string): LogRecord[] {
    return this.records.filter((r) => r.event === name);
  }
}
