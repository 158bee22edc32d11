import type { ModuleMigrations } from "../store/migrations.ts";

/** Live inputs, signing keys, assets and per-broadcast analytics. */
export const STREAMS_MIGRATIONS: ModuleMigrations = {
  module: "streams",
  migrations: [
    {
      version: 1,
      sql: `
        CREATE TABLE live_inputs (
          id TEXT PRIMARY KEY,
          external_input_id TEXT NOT NULL UNIQUE,
          org_id TEXT NOT NULL REFERENCES orgs(id),
          name TEXT NOT NULL,
          ingest TEXT NOT NULL,
          stream_key_hash TEXT NOT NULL,
          stream_key_rotated_at TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX live_inputs_org ON live_inputs(org_id);
        CREATE TABLE signing_keys (
          id TEXT PRIMARY KEY,
          org_id TEXT NOT NULL REFERENCES orgs(id),
          alg TEXT NOT NULL,
          public_jwk TEXT NOT NULL,
          private_jwk TEXT NOT NULL,
          created_at TEXT NOT NULL,
          revoked_at TEXT
        );
        CREATE INDEX signing_keys_org ON signing_keys(org_id);
        CREATE TABLE assets (
          id TEXT PRIMARY KEY,
          org_id TEXT NOT NULL REFERENCES orgs(id),
          name TEXT NOT NULL,
          playback_id TEXT NOT NULL UNIQUE,
          status TEXT NOT NULL,
          size_bytes INTEGER,
          duration_seconds REAL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX assets_org ON assets(org_id);
        CREATE TABLE broadcasts (
          id TEXT PRIMARY KEY,
          org_id TEXT NOT NULL REFERENCES orgs(id),
          input_id TEXT NOT NULL,
          external_input_id TEXT NOT NULL,
          capability TEXT NOT NULL,
          started_at TEXT NOT NULL,
          ended_at TEXT,
          current_viewers INTEGER NOT NULL DEFAULT 0,
          peak_viewers INTEGER NOT NULL DEFAULT 0,
          bytes_in INTEGER NOT NULL DEFAULT 0,
          bytes_out INTEGER NOT NULL DEFAULT 0,
          viewer_seconds REAL NOT NULL DEFAULT 0
        );
        CREATE INDEX broadcasts_input ON broadcasts(input_id, started_at);
      `,
    },
  ],
};
