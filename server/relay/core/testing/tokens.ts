// Signing test tokens in the relay's claim format.
import { type CryptoKey, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import type { MoqtClaim } from "../auth/claims.ts";

/** A signing key pair. */
export interface TestKeys {
  readonly alg: "EdDSA" | "RS256";
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

/** Fresh Ed25519 (default) or RSA keys. */
export async function testKeys(alg: "EdDSA" | "RS256" = "EdDSA"): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { alg, privateKey, publicKey };
}

/** A JWT granting `moqt`, expiring `expiresInS` after `nowMs`. */
export function signToken(
  keys: TestKeys,
  moqt: MoqtClaim,
  o: { nowMs?: number; expiresInS?: number; subject?: string; extra?: JWTPayload } = {},
): Promise<string> {
  const nowS = Math.floor((o.nowMs ?? Date.now()) / 1000);
  return new SignJWT({ ...o.extra, moqt: { ...moqt } })
    .setProtectedHeader({ alg: keys.alg })
    .setSubject(o.subject ?? "tester")
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + (o.expiresInS ?? 3600))
    .sign(keys.privateKey);
}

/** `token` with one signature character changed. */
export function tamper(token: string): string {
  const i = token.length - 5;
  const c = token[i] === "A" ? "B" : "A";
  return token.slice(0, i) + c + token.slice(i + 1);
}
