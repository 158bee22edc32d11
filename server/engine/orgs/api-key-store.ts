// API keys: one org each, stored as SHA-256 hashes, listed without their secret.
import type { DatabaseSync } from "node:sqlite";
import { hashSecret, newId, newSecret, nowIso } from "../ids.ts";

/** Prefix of API key secrets. */
export const API_KEY_PREFIX = "cck";

/** An API key as listed: never its secret. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly org_id: string;
  readonly name: string;
  /** The first characters of the secret, to tell keys apart. */
  readonly prefix: string;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

const COLUMNS = "id, org_id, name, prefix, created_at, revoked_at";

/** The live (unrevoked) key whose secret is `secret`. */
export function findApiKey(db: DatabaseSync, secret: string): ApiKeyRecord | undefined {
  return db
    .prepare(`SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL`)
    .get(hashSecret(secret)) as ApiKeyRecord | undefined;
}

/** Creates a key; the cleartext secret is returned here only. */
export function insertApiKey(
  db: DatabaseSync,
  orgId: string,
  name: string,
): { apiKey: ApiKeyRecord; secret: string } {
  const secret = newSecret(API_KEY_PREFIX);
  const apiKey: ApiKeyRecord = {
    id: newId("ak"),
    org_id: orgId,
    name,
    prefix: secret.slice(0, API_KEY_PREFIX.length + 7),
    created_at: nowIso(),
    revoked_at: null,
  };
  db.prepare(
    "INSERT INTO api_keys (id, org_id, name, secret_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(apiKey.id, orgId, name, hashSecret(secret), apiKey.prefix, apiKey.created_at);
  return { apiKey, secret };
}

/** Every key of `orgId`, newest first. */
export function listApiKeys(db: DatabaseSync, orgId: string): ApiKeyRecord[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM api_keys WHERE org_id = ? ORDER BY created_at DESC, id`)
    .all(orgId) as unknown as ApiKeyRecord[];
}

/** The key `id` of `orgId`. */
export function getApiKey(db: DatabaseSync, orgId: string, id: string): ApiKeyRecord | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE org_id = ? AND id = ?`).get(orgId, id) as
    | ApiKeyRecord
    | undefined;
}

/** Marks the key revoked (idempotent); requests with it fail from now on. */
export function revokeApiKey(
  db: DatabaseSync,
  orgId: string,
  id: string,
): ApiKeyRecord | undefined {
  db.prepare(
    "UPDATE api_keys SET revoked_at = ? WHERE org_id = ? AND id = ? AND revoked_at IS NULL",
  ).run(nowIso(), orgId, id);
  return getApiKey(db, orgId, id);
}
