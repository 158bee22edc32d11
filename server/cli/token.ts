// Local test credentials for a relay started with --auth-key: a signing key pair
// and JWTs in the relay's claim format (server/relay/core/README.md "Auth").
import {
  type CryptoKey,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
  SignJWT,
} from "jose";
import type { MoqtClaim } from "../relay/core/mod.ts";
import type { SigningAlgorithm } from "./auth-key.ts";

/** A key that cannot sign; the message says why. */
export class SigningKeyError extends Error {
  override readonly name = "SigningKeyError";
}

/** A private key ready to sign, and its algorithm. */
export interface SigningKey {
  readonly alg: SigningAlgorithm;
  readonly key: CryptoKey;
}

/** A fresh key pair as PEM texts. */
export interface KeyPairPem {
  readonly alg: SigningAlgorithm;
  /** PKCS#8 private key: keep it to mint tokens. */
  readonly privatePem: string;
  /** SPKI public key: give it to `clutchcall server --auth-key`. */
  readonly publicPem: string;
}

/** Generates an Ed25519 (default) or RSA-2048 key pair. */
export async function generateSigningKeys(alg: SigningAlgorithm = "EdDSA"): Promise<KeyPairPem> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === "RS256" && { modulusLength: 2048 }),
  });
  return { alg, privatePem: await exportPKCS8(privateKey), publicPem: await exportSPKI(publicKey) };
}

/** Reads a private key from PEM (PKCS#8) or JWK text; the algorithm follows the key. */
export async function parseSigningKey(text: string): Promise<SigningKey> {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    const jwk = JSON.parse(trimmed) as JWK;
    if (jwk.d === undefined)
      throw new SigningKeyError("the JWK is a public key: minting needs the private key");
    const alg: SigningAlgorithm = jwk.kty === "RSA" || jwk.alg === "RS256" ? "RS256" : "EdDSA";
    return { alg, key: (await importJWK(jwk, alg)) as CryptoKey };
  }
  if (!trimmed.includes("-----BEGIN PRIVATE KEY-----")) {
    throw new SigningKeyError('need a PKCS#8 "PRIVATE KEY" PEM block or a private JWK');
  }
  for (const alg of ["EdDSA", "RS256"] as const) {
    try {
      return { alg, key: await importPKCS8(trimmed, alg) };
    } catch {
      // try the next algorithm
    }
  }
  throw new SigningKeyError("neither an Ed25519 nor an RSA private key");
}

/** What a minted token grants and for how long. */
export interface MintOptions {
  /** Namespace prefixes the holder may publish under ("" = everything). */
  readonly pub: readonly string[];
  /** Namespace prefixes the holder may subscribe to ("" = everything). */
  readonly sub: readonly string[];
  /** Lifetime in seconds; default 3600. Negative makes an already expired token (tests). */
  readonly ttlSeconds?: number;
  readonly subject?: string;
  readonly issuer?: string;
  readonly audience?: string;
  readonly nowMs?: number;
}

/** Signs a JWT with `{ moqt: { pub, sub } }`. */
export function mintToken(key: SigningKey, o: MintOptions): Promise<string> {
  const nowS = Math.floor((o.nowMs ?? Date.now()) / 1000);
  const moqt: MoqtClaim = { pub: [...o.pub], sub: [...o.sub] };
  const jwt = new SignJWT({ moqt })
    .setProtectedHeader({ alg: key.alg, typ: "JWT" })
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + (o.ttlSeconds ?? 3600));
  if (o.subject !== undefined) jwt.setSubject(o.subject);
  if (o.issuer !== undefined) jwt.setIssuer(o.issuer);
  if (o.audience !== undefined) jwt.setAudience(o.audience);
  return jwt.sign(key.key);
}
