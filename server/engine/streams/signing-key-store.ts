// The org's playback signing keys: Ed25519 (JWS alg EdDSA) by default, RS256 on
// request. Private keys stay in this table; the API lists public JWKs only.
import type { DatabaseSync } from "node:sqlite";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { newId, nowIso } from "../ids.ts";

/** Signing algorithms (JWS `alg`). */
export const SIGNING_ALGORITHMS = ["EdDSA", "RS256"] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** A signing key as the API returns it. */
export interface SigningKeyRecord {
  readonly id: string;
  readonly org_id: string;
  readonly alg: SigningAlgorithm;
  /** The public key (JWK with `kid` and `alg`), to verify tokens elsewhere. */
  readonly public_jwk: JWK;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

interface SigningKeyRow {
  id: string;
  org_id: string;
  alg: SigningAlgorithm;
  public_jwk: string;
  private_jwk: string;
  created_at: string;
  revoked_at: string | null;
}

function toRecord(row: SigningKeyRow): SigningKeyRecord {
  return {
    id: row.id,
    org_id: row.org_id,
    alg: row.alg,
    public_jwk: JSON.parse(row.public_jwk) as JWK,
    created_at: row.created_at,
    revoked_at: row.revoked_at,
  };
}

/** Generates a key pair; only the public half ever leaves the engine. */
export async function createSigningKey(
  db: DatabaseSync,
  orgId: string,
  alg: SigningAlgorithm,
): Promise<SigningKeyRecord> {
  const pair =
    alg === "EdDSA"
      ? await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true })
      : await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const id = newId("sig");
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: id, alg, use: "sig" };
  const privateJwk = { ...(await exportJWK(pair.privateKey)), kid: id, alg };
  const row: SigningKeyRow = {
    id,
    org_id: orgId,
    alg,
    public_jwk: JSON.stringify(publicJwk),
    private_jwk: JSON.stringify(privateJwk),
    created_at: nowIso(),
    revoked_at: null,
  };
  db.prepare(
    "INSERT INTO signing_keys (id, org_id, alg, public_jwk, private_jwk, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(row.id, orgId, alg, row.public_jwk, row.private_jwk, row.created_at);
  return toRecord(row);
}

/** Every key of `orgId`, newest first. */
export function listSigningKeys(db: DatabaseSync, orgId: string): SigningKeyRecord[] {
  const rows = db
    .prepare("SELECT * FROM signing_keys WHERE org_id = ? ORDER BY created_at DESC, rowid DESC")
    .all(orgId) as unknown as SigningKeyRow[];
  return rows.map(toRecord);
}

/** Revokes the key (idempotent): tokens it signed stop playing at once. */
export function revokeSigningKey(
  db: DatabaseSync,
  orgId: string,
  id: string,
): SigningKeyRecord | undefined {
  db.prepare(
    "UPDATE signing_keys SET revoked_at = ? WHERE org_id = ? AND id = ? AND revoked_at IS NULL",
  ).run(nowIso(), orgId, id);
  const row = db.prepare("SELECT * FROM signing_keys WHERE org_id = ? AND id = ?").get(orgId, id) as
    | SigningKeyRow
    | undefined;
  return row === undefined ? undefined : toRecord(row);
}

/** The newest unrevoked key of `orgId` with its private JWK (minting only). */
export function activeSigningKey(
  db: DatabaseSync,
  orgId: string,
): { id: string; alg: SigningAlgorithm; privateJwk: JWK } | undefined {
  const row = db
    .prepare(
      "SELECT * FROM signing_keys WHERE org_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1",
    )
    .get(orgId) as SigningKeyRow | undefined;
  return row === undefined
    ? undefined
    : { id: row.id, alg: row.alg, privateJwk: JSON.parse(row.private_jwk) as JWK };
}

/** The unrevoked public key `kid` of `orgId` (verification). */
export function verificationKey(
  db: DatabaseSync,
  orgId: string,
  kid: string,
): { alg: SigningAlgorithm; publicJwk: JWK } | undefined {
  const row = db
    .prepare("SELECT * FROM signing_keys WHERE org_id = ? AND id = ? AND revoked_at IS NULL")
    .get(orgId, kid) as SigningKeyRow | undefined;
  return row === undefined
    ? undefined
    : { alg: row.alg, publicJwk: JSON.parse(row.public_jwk) as JWK };
}
