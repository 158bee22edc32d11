// The development org: created with an API key on the engine's first start. The
// key's cleartext lives in `dev-credentials.json` (mode 0600) in the data
// directory, so every later start prints the same credentials on the ready line.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { newId, nowIso } from "../ids.ts";
import { transaction } from "../store/database.ts";
import { findApiKey, insertApiKey } from "./api-key-store.ts";

/** The file holding the development credentials. */
export const DEV_CREDENTIALS_FILE = "dev-credentials.json";

/** What the ready line shows. */
export interface DevCredentials {
  readonly orgId: string;
  readonly apiKey: string;
}

function readCredentials(file: string): DevCredentials | undefined {
  try {
    const c = JSON.parse(readFileSync(file, "utf8")) as Partial<DevCredentials>;
    return typeof c.orgId === "string" && typeof c.apiKey === "string"
      ? { orgId: c.orgId, apiKey: c.apiKey }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The development org and a working API key for it: the remembered ones when still
 * valid, else new ones (a revoked development key is replaced by a fresh one).
 * `dataDir` undefined: in memory only.
 */
export function devCredentials(db: DatabaseSync, dataDir: string | undefined): DevCredentials {
  const file = dataDir === undefined ? undefined : join(dataDir, DEV_CREDENTIALS_FILE);
  return transaction(db, () => {
    const known = file === undefined ? undefined : readCredentials(file);
    if (known !== undefined && findApiKey(db, known.apiKey)?.org_id === known.orgId) return known;
    let orgId = known?.orgId;
    const exists =
      orgId !== undefined && db.prepare("SELECT 1 FROM orgs WHERE id = ?").get(orgId) !== undefined;
    if (orgId === undefined || !exists) {
      orgId = newId("org");
      db.prepare("INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)").run(
        orgId,
        "Development",
        nowIso(),
      );
    }
    const { secret } = insertApiKey(db, orgId, "development");
    const credentials = { orgId, apiKey: secret };
    if (file !== undefined) {
      writeFileSync(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
    }
    return credentials;
  });
}

/** Creates another org with one API key (tests, multi-tenant setups). */
export function createOrg(db: DatabaseSync, name: string): DevCredentials {
  return transaction(db, () => {
    const orgId = newId("org");
    db.prepare("INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)").run(
      orgId,
      name,
      nowIso(),
    );
    return { orgId, apiKey: insertApiKey(db, orgId, "default").secret };
  });
}
