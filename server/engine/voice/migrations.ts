// The voice module's tables: calls (status only moves forward: a trigger refuses
// any other update) and per-org webhook secrets.

/** Rank of a status in SQL: 0 dialing, 1 ringing, 2 in_progress, 3 terminal. */
const rank = (column: string) =>
  `CASE ${column} WHEN 'dialing' THEN 0 WHEN 'ringing' THEN 1 WHEN 'in_progress' THEN 2 ELSE 3 END`;

/** Migrations of the "voice" module (see store/migrations.ts). */
export const VOICE_MIGRATIONS = {
  module: "voice",
  migrations: [
    {
      version: 1,
      sql: `
CREATE TABLE voice_calls (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  sid TEXT NOT NULL UNIQUE,
  org_id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  to_number TEXT NOT NULL,
  from_number TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('dialing', 'ringing', 'in_progress', 'completed', 'failed', 'no_answer')),
  reason TEXT,
  agent TEXT,
  timestamps TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  webhook_url TEXT,
  idempotency_key TEXT,
  request_hash TEXT
);
CREATE UNIQUE INDEX voice_calls_idempotency ON voice_calls (org_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX voice_calls_org ON voice_calls (org_id, status, seq);
CREATE TRIGGER voice_calls_monotonic BEFORE UPDATE OF status ON voice_calls
  WHEN ${rank("NEW.status")} <= ${rank("OLD.status")}
BEGIN
  SELECT RAISE(ABORT, 'call status may only move forward');
END;
CREATE TABLE voice_webhook_secrets (
  org_id TEXT PRIMARY KEY,
  secret TEXT NOT NULL
);`,
    },
  ],
} as const;
