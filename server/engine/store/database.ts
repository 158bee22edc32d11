/// <reference path="./node-sqlite.d.ts" />
// The engine's SQLite database (node:sqlite): one file in the data directory in
// WAL mode, so every committed write survives SIGTERM and SIGKILL alike, or an
// in-memory database for --ephemeral.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

/** The database file inside the data directory. */
export const DATABASE_FILE = "engine.sqlite";

/** Where the engine keeps its data. */
export type StorageChoice =
  | { readonly ephemeral: true }
  | { readonly ephemeral?: false; readonly dataDir: string };

/** Opens (creating when needed) the database for `choice`. */
export function openDatabase(choice: StorageChoice): DatabaseSync {
  let db: DatabaseSync;
  if (choice.ephemeral === true) {
    db = new DatabaseSync(":memory:");
  } else {
    mkdirSync(choice.dataDir, { recursive: true });
    db = new DatabaseSync(join(choice.dataDir, DATABASE_FILE));
    // Several dev servers may share one data directory: wait for each other's writes.
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
  }
  db.exec("PRAGMA foreign_keys = ON");
  return db;
}

/**
 * Runs `fn` in one write transaction (BEGIN IMMEDIATE: other writers wait), committing
 * when it returns and rolling back when it throws.
 */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}
