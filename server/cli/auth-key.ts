// Reads the `--auth-key` file: the public key that verifies relay JWTs.
import {
  createLocalJWKSet,
  importJWK,
  importSPKI,
  importX509,
  type JSONWebKeySet,
  type JWK,
} from "jose";
import type { JwtAuthOptions } from "../relay/core/mod.ts";

/** A key file the server cannot use; the message says why. */
export class AuthKeyError extends Error {
  override readonly name = "AuthKeyError";
}

/** Signature algorithms the relay accepts: Ed25519 (default) and RSA. */
export type SigningAlgorithm = "EdDSA" | "RS256";

/** The verification settings and what they were read from. */
export interface LoadedAuthKey {
  readonly options: JwtAuthOptions;
  /** Algorithms accepted, for the log. */
  readonly algorithms: readonly string[];
  /** "spki", "x509", "jwk" or "jwks". */
  readonly format: string;
}

const PRIVATE_PEM = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;

/** JOSE algorithm names accepted for a JWK (its `alg`, else by key type). */
function algorithmsOfJwk(jwk: JWK): SigningAlgorithm[] {
  if (jwk.alg === "RS256" || jwk.alg === "EdDSA" || jwk.alg === "Ed25519") {
    return jwk.alg === "RS256" ? ["RS256"] : ["EdDSA"];
  }
  if (jwk.alg !== undefined) {
    throw new AuthKeyError(`JWK alg "${jwk.alg}" is not supported: use EdDSA (Ed25519) or RS256`);
  }
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return ["EdDSA"];
  if (jwk.kty === "RSA") return ["RS256"];
  throw new AuthKeyError(
    `JWK with kty "${jwk.kty}"${jwk.crv ? ` crv "${jwk.crv}"` : ""} is not supported: use an Ed25519 (OKP) or RSA key`,
  );
}

/** With both JOSE names of Ed25519, as the relay's default does. */
function withAliases(algs: readonly SigningAlgorithm[]): string[] {
  return [...new Set(algs.flatMap((a) => (a === "EdDSA" ? ["EdDSA", "Ed25519"] : [a])))];
}

function rejectPrivate(jwk: JWK): void {
  if (jwk.d !== undefined) {
    throw new AuthKeyError(
      "the auth key is a private key: give the server the public key (clutchcall keygen writes both)",
    );
  }
}

async function fromJson(text: string): Promise<LoadedAuthKey> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new AuthKeyError(`not valid JSON: ${e instanceof Error ? e.message : e}`);
  }
  if (typeof parsed !== "object" || parsed === null) throw new AuthKeyError("not a JWK");
  const set = parsed as Partial<JSONWebKeySet>;
  if (Array.isArray(set.keys)) {
    if (set.keys.length === 0) throw new AuthKeyError("the JWK set has no keys");
    set.keys.forEach(rejectPrivate);
    const algs = [...new Set(set.keys.flatMap(algorithmsOfJwk))];
    const algorithms = withAliases(algs);
    return {
      options: { key: createLocalJWKSet(set as JSONWebKeySet), algorithms },
      algorithms,
      format: "jwks",
    };
  }
  const jwk = parsed as JWK;
  rejectPrivate(jwk);
  const algs = algorithmsOfJwk(jwk);
  const algorithms = withAliases(algs);
  try {
    return {
      options: { key: await importJWK(jwk, algs[0]), algorithms },
      algorithms,
      format: "jwk",
    };
  } catch (e) {
    throw new AuthKeyError(`the JWK does not import: ${e instanceof Error ? e.message : e}`);
  }
}

async function fromPem(text: string): Promise<LoadedAuthKey> {
  if (PRIVATE_PEM.test(text)) {
    throw new AuthKeyError(
      "the auth key is a private key: give the server the public key (clutchcall keygen writes both)",
    );
  }
  const x509 = text.includes("-----BEGIN CERTIFICATE-----");
  if (!x509 && !text.includes("-----BEGIN PUBLIC KEY-----")) {
    throw new AuthKeyError('no "PUBLIC KEY" or "CERTIFICATE" PEM block');
  }
  const failures: string[] = [];
  for (const alg of ["EdDSA", "RS256"] as const) {
    try {
      const key = x509 ? await importX509(text, alg) : await importSPKI(text, alg);
      const algorithms = withAliases([alg]);
      return { options: { key, algorithms }, algorithms, format: x509 ? "x509" : "spki" };
    } catch (e) {
      failures.push(`${alg}: ${e instanceof Error ? e.message : e}`);
    }
  }
  throw new AuthKeyError(`neither an Ed25519 nor an RSA public key (${failures.join("; ")})`);
}

/** Parses a key file's text (PEM or JSON). */
export function parseAuthKey(text: string): Promise<LoadedAuthKey> {
  return text.trimStart().startsWith("{") ? fromJson(text) : fromPem(text);
}

/** Reads and parses `path`; throws AuthKeyError naming the file. */
export async function loadAuthKey(path: string): Promise<LoadedAuthKey> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new AuthKeyError(`cannot read --auth-key ${path}: ${e instanceof Error ? e.message : e}`);
  }
  try {
    return await parseAuthKey(text);
  } catch (e) {
    if (e instanceof AuthKeyError) throw new AuthKeyError(`--auth-key ${path}: ${e.message}`);
    throw e;
  }
}
