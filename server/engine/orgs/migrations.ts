import type { ModuleMigrations } from "../store/migrations.ts";

/** Orgs and their API keys (only SHA-256 hashes of the secrets). */
export const ORGS_MIGRATIONS: ModuleMigrations = {
  module: "orgs",
  migrations: [
    {
      version: 1,
      sql: `
        CREATE TABLE orgs (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE TABLE api_keys (
          id TEXT PRIMARY KEY,
          org_id TEXT NOT NULL REFERENCES orgs(id),
          name TEXT NOT NULL,
          secret_hash TEXT NOT NULL UNIQUE,
          prefix TEXT NOT NULL,
          created_at TEXT NOT NULL,
          revoked_at TEXT
        );
        CREATE INDEX api_keys_org ON api_keys(org_id);
      `,
    },
  ],
};
