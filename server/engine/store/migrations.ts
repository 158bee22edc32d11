// Schema migrations, per module: each module (orgs, streams, voice, …) owns an
// ordered list of SQL steps; the table `schema_migrations` records which ran.
import type { DatabaseSync } from "node:sqlite";
import { transaction } from "./database.ts";

/** One schema step of a module. Versions start at 1 and never change once shipped. */
export interface Migration {
  readonly version: number;
  /** SQL run once, inside a transaction with the bookkeeping row. */
  readonly sql: string;
}

/** A module's migrations, applied in version order. */
export interface ModuleMigrations {
  /** Stable module name, e.g. "orgs", "streams". */
  readonly module: string;
  readonly migrations: readonly Migration[];
}

/** A module's migrations are not numbered 1, 2, 3, …. */
export class MigrationOrderError extends Error {
  override readonly name = "MigrationOrderError";
}

/** Applies every migration not applied yet, module by module, in the order given. */
export function migrate(db: DatabaseSync, modules: readonly ModuleMigrations[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (module, version)
  )`);
  for (const { module, migrations } of modules) {
    migrations.forEach((m, i) => {
      if (m.version !== i + 1) {
        throw new MigrationOrderError(`migration ${module} #${i + 1} has version ${m.version}`);
      }
    });
    transaction(db, () => {
      const row = db
        .prepare("SELECT MAX(version) AS v FROM schema_migrations WHERE module = ?")
        .get(module) as { v: number | null } | undefined;
      const applied = row?.v ?? 0;
      for (const m of migrations.slice(applied)) {
        db.exec(m.sql);
        db.prepare(
          "INSERT INTO schema_migrations (module, version, applied_at) VALUES (?, ?, ?)",
        ).run(module, m.version, new Date().toISOString());
      }
    });
  }
}
