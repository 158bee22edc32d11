// Unit tests of the command-line pieces: argument parsing, key files, tokens, logs.
// Run: npx deno test -A server/tests/cli.deno.test.ts
import { decodeJwt, exportJWK, importSPKI } from "jose";
import { parseServerArgs, UsageError } from "../cli/args.ts";
import { AuthKeyError, parseAuthKey } from "../cli/auth-key.ts";
import { jsonLogger } from "../cli/log.ts";
import { generateSigningKeys, mintToken, parseSigningKey, SigningKeyError } from "../cli/token.ts";
import { assert, assertEquals } from "./clients.ts";

function usage(argv: string[]): string {
  try {
    parseServerArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error(`accepted: ${argv.join(" ")}`);
}

Deno.test("server args: defaults", () => {
  const a = parseServerArgs([]);
  assertEquals(
    [a.hostname, a.port, a.auth, a.certificate, a.logLevel, a.limits, a.echo, a.allowOrigin],
    ["127.0.0.1", 4443, { mode: "none", explicit: false }, undefined, "info", {}, false, "*"],
    "defaults",
  );
});

Deno.test("server args: every flag", () => {
  const a = parseServerArgs([
    "--port=0",
    "--host",
    "::1",
    "--cert",
    "c.pem",
    "--key",
    "k.pem",
    "--auth-key",
    "pub.pem",
    "--log-level",
    "debug",
    "--max-sessions",
    "10",
    "--max-requests-per-session",
    "20",
    "--max-object-bytes",
    "512K",
    "--max-cache-bytes",
    "1GiB",
    "--max-cache-bytes-per-track",
    "3m",
    "--echo",
    "--allow-origin",
    "https://app.example",
  ]);
  assertEquals(
    [a.hostname, a.port, a.auth, a.certificate, a.logLevel, a.echo, a.allowOrigin],
    [
      "::1",
      0,
      { mode: "jwt", keyFile: "pub.pem" },
      { certFile: "c.pem", keyFile: "k.pem" },
      "debug",
      true,
      "https://app.example",
    ],
    "values",
  );
  assertEquals(
    a.limits,
    {
      maxSessions: 10,
      maxRequestsPerSession: 20,
      maxObjectBytes: 512 * 1024,
      maxCacheBytes: 1024 ** 3,
      maxCacheBytesPerTrack: 3 * 1024 ** 2,
    },
    "limits",
  );
});

Deno.test("server args: clear errors", () => {
  const cases: [string[], string][] = [
    [["--port", "70000"], '--port must be an integer from 0 to 65535, got "70000"'],
    [["--port=-1"], '--port must be an integer from 0 to 65535, got "-1"'],
    [["--cert", "c.pem"], "--cert and --key go together"],
    [["--auth-key", "k", "--no-auth"], "--auth-key and --no-auth exclude each other"],
    [["--host", "192.168.1.5"], "--host 192.168.1.5 is reachable from other machines"],
    [["--log-level", "loud"], "--log-level must be one of debug, info, warn, error, silent"],
    [["--max-sessions", "0"], '--max-sessions must be a positive integer, got "0"'],
    [["--max-sessions", "2K"], '--max-sessions must be a positive integer, got "2K"'],
    [["--max-object-bytes", "lots"], "--max-object-bytes must be a positive size in bytes"],
    [["--max-cache-bytes", "1T"], "--max-cache-bytes must be a positive size in bytes"],
    [["--frobnicate"], "--frobnicate"],
    [["extra"], "extra"],
  ];
  for (const [argv, want] of cases) {
    const got = usage(argv);
    assert(got.includes(want), `${argv.join(" ")}: "${got}" should include "${want}"`);
  }
  // Any address is fine once the auth mode is explicit.
  assertEquals(
    parseServerArgs(["--host", "0.0.0.0", "--no-auth"]).auth,
    { mode: "none", explicit: true },
    "explicit",
  );
  assertEquals(parseServerArgs(["--host", "localhost"]).auth.mode, "none", "localhost is loopback");
});

Deno.test("auth key files: Ed25519 and RSA as PEM, JWK and JWK set; private keys refused", async () => {
  const ed = await generateSigningKeys("EdDSA");
  const rsa = await generateSigningKeys("RS256");
  const edPem = await parseAuthKey(ed.publicPem);
  assertEquals([edPem.format, edPem.algorithms], ["spki", ["EdDSA", "Ed25519"]], "Ed25519 PEM");
  const rsaPem = await parseAuthKey(rsa.publicPem);
  assertEquals([rsaPem.format, rsaPem.algorithms], ["spki", ["RS256"]], "RSA PEM");
  const edJwk = await exportJWK(await importSPKI(ed.publicPem, "EdDSA", { extractable: true }));
  const rsaJwk = await exportJWK(await importSPKI(rsa.publicPem, "RS256", { extractable: true }));
  assertEquals((await parseAuthKey(JSON.stringify(edJwk))).algorithms, ["EdDSA", "Ed25519"], "JWK");
  const set = await parseAuthKey(JSON.stringify({ keys: [edJwk, rsaJwk] }));
  assertEquals([set.format, set.algorithms], ["jwks", ["EdDSA", "Ed25519", "RS256"]], "JWK set");
  const refusals: [string, string][] = [
    [ed.privatePem, "private key"],
    [JSON.stringify({ ...edJwk, d: "AAAA" }), "private key"],
    ["hello", 'no "PUBLIC KEY"'],
    ['{"kty":"EC","crv":"P-256","x":"a","y":"b"}', 'kty "EC"'],
    ['{"kty":"OKP","crv":"Ed25519","x":"a","alg":"ES256"}', 'alg "ES256"'],
    ["{nope", "not valid JSON"],
  ];
  for (const [text, want] of refusals) {
    const e = await parseAuthKey(text).catch((x: unknown) => x);
    assert(e instanceof AuthKeyError && e.message.includes(want), `${want}: ${e}`);
  }
});

Deno.test("tokens: claims, lifetime and algorithm follow the key", async () => {
  const ed = await parseSigningKey((await generateSigningKeys("EdDSA")).privatePem);
  const token = await mintToken(ed, {
    pub: ["live/a"],
    sub: [""],
    ttlSeconds: 60,
    subject: "cam-1",
    audience: "relay",
    nowMs: 1_000_000,
  });
  assertEquals(
    decodeJwt(token),
    { moqt: { pub: ["live/a"], sub: [""] }, iat: 1000, exp: 1060, sub: "cam-1", aud: "relay" },
    "claims",
  );
  assertEquals(JSON.parse(atob(token.split(".")[0]!)), { alg: "EdDSA", typ: "JWT" }, "header");
  const rsa = await parseSigningKey((await generateSigningKeys("RS256")).privatePem);
  assertEquals(rsa.alg, "RS256", "RSA key signs RS256");
  const e = await parseSigningKey((await generateSigningKeys()).publicPem).catch((x: unknown) => x);
  assert(e instanceof SigningKeyError, "a public key cannot sign");
});

Deno.test("log lines: JSON with ts, level, event; filtered by level; bigint and bytes made safe", () => {
  const out: string[] = [];
  const sink = {
    writeSync(p: Uint8Array) {
      out.push(new TextDecoder().decode(p));
      return p.length;
    },
  };
  const log = jsonLogger("info", sink, () => 0);
  log.log("debug", "hidden");
  log.log("info", "shown", { n: 5n, bytes: new Uint8Array(3), error: new RangeError("bad") });
  assertEquals(out.length, 1, "one line");
  assertEquals(
    JSON.parse(out[0]!),
    {
      ts: "1970-01-01T00:00:00.000Z",
      level: "info",
      event: "shown",
      n: "5",
      bytes: "<3 bytes>",
      error: { name: "RangeError", message: "bad" },
    },
    "record",
  );
  assert(out[0]!.endsWith("\n"), "newline-terminated");
  jsonLogger("silent", sink).log("error", "nothing");
  assertEquals(out.length, 1, "silent");
});
