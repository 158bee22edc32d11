/**
 * `clutchcall keygen` and `clutchcall token`: local credentials for a relay run
 * with `--auth-key`.
 *
 * Run: deno run -A server/token.ts keygen [--alg EdDSA|RS256] [--out DIR] [--name NAME]
 *      deno run -A server/token.ts token --key FILE [--pub PREFIX]... [--sub PREFIX]...
 *                                        [--ttl SECONDS] [--subject S] [--issuer I] [--audience A]
 * @module
 */
import { join } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { writeAllSync } from "./cli/log.ts";
import { generateSigningKeys, mintToken, parseSigningKey } from "./cli/token.ts";

export const KEYGEN_HELP = `clutchcall keygen — make a signing key pair for --auth-key

Usage: clutchcall keygen [--alg EdDSA|RS256] [--out DIR] [--name NAME]

Writes DIR/NAME.key.pem (PKCS#8 private key, mode 0600; keep it to mint tokens)
and DIR/NAME.pub.pem (SPKI public key; pass it to clutchcall server --auth-key).
Defaults: --alg EdDSA (Ed25519), --out ., --name relay. Prints the paths as JSON.
`;

export const TOKEN_HELP = `clutchcall token — mint a JWT for a relay started with --auth-key

Usage: clutchcall token --key FILE [--pub PREFIX]... [--sub PREFIX]... [--ttl SECONDS]
                        [--subject S] [--issuer I] [--audience A]

  --key FILE      private key (PKCS#8 PEM or private JWK), e.g. from clutchcall keygen
  --pub PREFIX    namespace prefix the holder may publish under (repeatable)
  --sub PREFIX    namespace prefix the holder may subscribe to (repeatable)
                  Prefixes are "/"-separated paths; "" is everything. With neither
                  --pub nor --sub the token grants everything both ways.
  --ttl SECONDS   lifetime (default 3600)

Prints the token on stdout. Clients send it as the AUTHORIZATION TOKEN setup
parameter (token type 0) or in the URL: https://127.0.0.1:4443/moq?jwt=TOKEN
`;

class CliError extends Error {}

/**
 * `--ttl -60` as `--ttl=-60`: node's parseArgs takes a value starting with "-" for an
 * option and refuses it as ambiguous, yet negative numbers are documented values.
 */
function joinNegativeValues(argv: readonly string[], options: ParseArgsConfig["options"]) {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    if (name !== undefined && options?.[name]?.type === "string" && /^-\d/.test(next ?? "")) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function parse(argv: readonly string[], options: ParseArgsConfig["options"]) {
  try {
    const args = joinNegativeValues(argv, options);
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | string[] | boolean | undefined
    >;
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
}

async function keygen(argv: readonly string[]): Promise<void> {
  const v = parse(argv, {
    alg: { type: "string" },
    out: { type: "string" },
    name: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (v.help === true) return writeAllSync(Deno.stdout, KEYGEN_HELP);
  const alg = (v.alg as string | undefined) ?? "EdDSA";
  if (alg !== "EdDSA" && alg !== "RS256") {
    throw new CliError(`--alg must be EdDSA or RS256, got "${alg}"`);
  }
  const dir = (v.out as string | undefined) ?? ".";
  const name = (v.name as string | undefined) ?? "relay";
  const keys = await generateSigningKeys(alg);
  const privateKey = join(dir, `${name}.key.pem`);
  const publicKey = join(dir, `${name}.pub.pem`);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(privateKey, keys.privatePem, { mode: 0o600 });
  await Deno.writeTextFile(publicKey, keys.publicPem);
  writeAllSync(Deno.stdout, `${JSON.stringify({ alg, privateKey, publicKey })}\n`);
}

async function token(argv: readonly string[]): Promise<void> {
  const v = parse(argv, {
    key: { type: "string" },
    pub: { type: "string", multiple: true },
    sub: { type: "string", multiple: true },
    ttl: { type: "string" },
    subject: { type: "string" },
    issuer: { type: "string" },
    audience: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (v.help === true) return writeAllSync(Deno.stdout, TOKEN_HELP);
  const file = v.key as string | undefined;
  if (file === undefined)
    throw new CliError("--key FILE is required (clutchcall keygen makes one)");
  const ttlText = (v.ttl as string | undefined) ?? "3600";
  const ttlSeconds = /^-?\d+$/.test(ttlText) ? Number(ttlText) : Number.NaN;
  if (!Number.isSafeInteger(ttlSeconds))
    throw new CliError(`--ttl must be whole seconds, got "${ttlText}"`);
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    throw new CliError(`cannot read --key ${file}: ${e instanceof Error ? e.message : e}`);
  }
  const key = await parseSigningKey(text).catch((e: unknown) => {
    throw new CliError(`--key ${file}: ${e instanceof Error ? e.message : e}`);
  });
  const pub = (v.pub as string[] | undefined) ?? [];
  const sub = (v.sub as string[] | undefined) ?? [];
  const everything = pub.length === 0 && sub.length === 0;
  const jwt = await mintToken(key, {
    pub: everything ? [""] : pub,
    sub: everything ? [""] : sub,
    ttlSeconds,
    ...(v.subject !== undefined && { subject: v.subject as string }),
    ...(v.issuer !== undefined && { issuer: v.issuer as string }),
    ...(v.audience !== undefined && { audience: v.audience as string }),
  });
  writeAllSync(Deno.stdout, `${jwt}\n`);
}

/** Runs `keygen` or `token`; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "keygen") await keygen(rest);
    else if (command === "token") await token(rest);
    else throw new CliError(`unknown command "${command ?? ""}": use keygen or token`);
    return 0;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    writeAllSync(Deno.stderr, `clutchcall ${command ?? ""}: ${e.message}\n`);
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
