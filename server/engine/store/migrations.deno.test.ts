// Run: npx deno test -A server/engine/
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { transaction } from "./database.ts";
import { MigrationOrderError, migrate } from "./migrations.ts";

const step = (version: number, sql: string) => ({ version, sql });

Deno.test("migrations run once per module, in order, and resume after new steps", () => {
  const db = new DatabaseSync(":memory:");
  const a1 = { module: "a", migrations: [step(1, "CREATE TABLE t (x INTEGER)")] };
  migrate(db, [a1]);
  migrate(db, [a1]);
  const a2 = { module: "a", migrations: [...a1.migrations, step(2, "ALTER TABLE t ADD y TEXT")] };
  migrate(db, [a2, { module: "b", migrations: [step(1, "CREATE TABLE u (z TEXT)")] }]);
  const applied = db
    .prepare("SELECT module, version FROM schema_migrations ORDER BY module, version")
    .all();
  assert.deepEqual(
    applied.map((r) => `${r.module}#${r.version}`),
    ["a#1", "a#2", "b#1"],
  );
  db.prepare("INSERT INTO t (x, y) VALUES (1, 'ok')").run();
  db.close();
});

Deno.test("a failing migration leaves nothing behind; misnumbered ones are refused", () => {
  const db = new DatabaseSync(":memory:");
  assert.throws(() =>
    migrate(db, [
      { module: "bad", migrations: [step(1, "CREATE TABLE v (x); SELECT * FROM nope")] },
    ]),
  );
  assert.equal(db.prepare("SELECT name FROM sqlite_master WHERE name = 'v'").get(), undefined);
  assert.throws(
    () => migrate(db, [{ module: "gap", migrations: [step(2, "SELECT 1")] }]),
    MigrationOrderError,
  );
  assert.throws(
    () =>
      transaction(db, () => {
        db.exec("CREATE TABLE w (x)");
        throw new Error("undo");
      }),
    /undo/,
  );
  assert.equal(db.prepare("SELECT name FROM sqlite_master WHERE name = 'w'").get(), undefined);
  db.close();
});
