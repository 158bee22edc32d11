// Identifiers and secrets: prefixed random ids as the seeds write them (li_…,
// lv_…, as_…, pb_…) and secrets that are stored only as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new id `<prefix>_<20 base32 chars>` (100 random bits). */
export function newId(prefix: string): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const bytes = randomBytes(20);
  let s = "";
  for (const b of bytes) s += alphabet[b & 31];
  return `${prefix}_${s}`;
}

/** A new secret `<prefix>_<43 base64url chars>` (256 random bits). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** The stored form of a secret: hex SHA-256. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Now as the ISO-8601 text the tables store. */
export function nowIso(): string {
  return new Date().toISOString();
}
