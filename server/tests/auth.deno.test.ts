// Integration: the real server with --auth-key (Ed25519 PEM, RSA JWK), clients
// over QMux and Deno's WebTransport, tokens from `clutchcall keygen` / `token`.
// Run: npx deno test -A --unstable-net server/tests/auth.deno.test.ts
import { decodeJwt, exportJWK, importSPKI } from "jose";
import { SessionErrorCode } from "../../src/moqt/wire/index.ts";
import { generateSigningKeys, mintToken, parseSigningKey } from "../cli/token.ts";
import {
  assert,
  assertEquals,
  Collector,
  expectedKeys,
  ns,
  qmuxClient,
  refusal,
  TrackPublisher,
  tn,
  until,
  webTransportClient,
} from "./clients.ts";
import { bounded, ROOT, ServerProcess } from "./process.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const STEP_MS = 20_000;

/** `token` with one signature character changed. */
function tamper(token: string): string {
  const i = token.length - 5;
  return token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
}

async function rejection(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { errorName?: string }).errorName ?? String(e);
  }
}

Deno.test({
  name: "JWT auth (Ed25519 public key in PEM)",
  ...opts,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "clutchcall-auth-" });
    const keys = await generateSigningKeys("EdDSA");
    const keyFile = `${dir}/relay.pub.pem`;
    await Deno.writeTextFile(keyFile, keys.publicPem);
    const signer = await parseSigningKey(keys.privatePem);
    const server = await ServerProcess.start(["--port", "0", "--auth-key", keyFile]);
    const { ready } = server;
    try {
      await t.step("the ready line says jwt", () => {
        assertEquals(ready.auth, "jwt", "auth mode");
        const rec = server.events("auth.jwt")[0];
        assertEquals(rec?.algorithms, ["EdDSA", "Ed25519"], "algorithms logged");
      });

      await t.step("valid tokens (setup parameter and ?jwt=) publish and subscribe in scope", () =>
        bounded(
          (async () => {
            const robot = await mintToken(signer, { pub: ["robot/1"], sub: ["robot/"] });
            const viewer = await mintToken(signer, { pub: [], sub: ["robot"] });
            const pub = await qmuxClient(ready.ws, { tokens: [robot] });
            const track = await TrackPublisher.publish(pub.session, "robot/1", "odom");
            const seen = new Collector();
            const sub = await qmuxClient(ready.ws, {
              draft: 14,
              query: `jwt=${viewer}`,
              on: seen.listeners(),
            });
            const ok = await sub.session.subscribe({
              trackNamespace: ns("robot/1"),
              trackName: tn("odom"),
            });
            const wtSeen = new Collector();
            const wtSub = await webTransportClient(ready.relay, ready.certificateSha256, {
              query: `jwt=${viewer}`,
              on: wtSeen.listeners(),
            });
            const wtOk = await wtSub.session.subscribe({
              trackNamespace: ns("robot/1"),
              trackName: tn("odom"),
            });
            await track.group(0, 2);
            await until(() => seen.seen.length === 2 && wtSeen.seen.length === 2, "objects", 5_000);
            assertEquals(seen.keys(ok.trackAlias), expectedKeys(0, 0, 2), "QMux subscriber");
            assertEquals(wtSeen.keys(wtOk.trackAlias), expectedKeys(0, 0, 2), "WT subscriber");

            // Out of scope: request errors UNAUTHORIZED, and the sessions go on.
            assertEquals(
              await rejection(pub.session.publishNamespace({ trackNamespace: ns("robot/2") })),
              "UNAUTHORIZED",
              "publish outside pub scope",
            );
            assertEquals(
              await rejection(
                sub.session.subscribe({ trackNamespace: ns("ctl/1"), trackName: tn("cmd") }),
              ),
              "UNAUTHORIZED",
              "subscribe outside sub scope",
            );
            assertEquals(
              await rejection(
                sub.session.publish({
                  trackNamespace: ns("robot/1"),
                  trackName: tn("x"),
                  trackAlias: 9,
                  forward: true,
                }),
              ),
              "UNAUTHORIZED",
              "a viewer may not publish",
            );
            assert(!pub.session.isClosed && !sub.session.isClosed, "sessions still open");
            await track.group(1, 1);
            await until(() => seen.seen.length === 3, "objects after the refusals", 5_000);
            for (const c of [pub, sub, wtSub]) c.session.close();
          })(),
          STEP_MS,
          "valid tokens",
        ),
      );

      await t.step("expired, tampered, foreign, malformed and missing tokens are refused", () =>
        bounded(
          (async () => {
            const all = { pub: [""], sub: [""] };
            const expired = await mintToken(signer, { ...all, ttlSeconds: -60 });
            const good = await mintToken(signer, all);
            const other = await parseSigningKey((await generateSigningKeys("EdDSA")).privatePem);
            const foreign = await mintToken(other, all);
            const cases: [string, () => Promise<unknown>, number][] = [
              [
                "expired",
                () => qmuxClient(ready.ws, { tokens: [expired] }),
                SessionErrorCode.EXPIRED_AUTH_TOKEN,
              ],
              [
                "tampered",
                () => qmuxClient(ready.ws, { tokens: [tamper(good)] }),
                SessionErrorCode.UNAUTHORIZED,
              ],
              [
                "other key",
                () => qmuxClient(ready.ws, { tokens: [foreign] }),
                SessionErrorCode.UNAUTHORIZED,
              ],
              [
                "not a JWT",
                () => qmuxClient(ready.ws, { tokens: ["nope"] }),
                SessionErrorCode.MALFORMED_AUTH_TOKEN,
              ],
              ["none", () => qmuxClient(ready.ws, { draft: 14 }), SessionErrorCode.UNAUTHORIZED],
            ];
            for (const [what, attempt, code] of cases) {
              assertEquals(await refusal(attempt()), code, what);
            }
            // Over Deno's WebTransport client the refusal arrives, but Deno reports every
            // session close as code 0 (it drops the close capsule's code): check the server.
            const before = server.events("session.refused").length;
            await refusal(
              webTransportClient(ready.relay, ready.certificateSha256, { query: `jwt=${expired}` }),
            );
            const why = await server.waitForLog(
              (r) =>
                r.event === "session.refused" &&
                server.events("session.refused").indexOf(r) >= before,
            );
            assert(
              String(why.reason).startsWith("EXPIRED_AUTH_TOKEN"),
              `WT refusal: ${why.reason}`,
            );
            const refused = server.events("session.refused").length;
            assert(refused >= cases.length + 1, `refusals logged (${refused})`);
          })(),
          STEP_MS,
          "refusals",
        ),
      );

      await t.step("`clutchcall keygen` and `clutchcall token` make working credentials", () =>
        bounded(
          (async () => {
            const run = async (args: string[]) => {
              const out = await new Deno.Command(Deno.execPath(), {
                args: ["run", "-A", `${ROOT}server/token.ts`, ...args],
                cwd: ROOT,
                stdout: "piped",
                stderr: "piped",
              }).output();
              const text = new TextDecoder().decode(out.stdout).trim();
              assertEquals(
                out.code,
                0,
                `${args[0]} exit code (${new TextDecoder().decode(out.stderr)})`,
              );
              return text;
            };
            const made = JSON.parse(await run(["keygen", "--out", dir, "--name", "cli"])) as {
              privateKey: string;
              publicKey: string;
            };
            assertEquals(made.publicKey, `${dir}/cli.pub.pem`, "public key path");
            // A negative --ttl (documented for tests) makes an already expired token.
            const expired = await run(["token", "--key", made.privateKey, "--ttl", "-60"]);
            const exp = decodeJwt(expired).exp ?? Number.POSITIVE_INFINITY;
            assert(exp < Date.now() / 1000 - 50, `--ttl -60 gives exp ${exp}`);
            // This server trusts the first key: a token from the new key is refused...
            const foreign = await run(["token", "--key", made.privateKey]);
            assertEquals(
              await refusal(qmuxClient(ready.ws, { tokens: [foreign] })),
              SessionErrorCode.UNAUTHORIZED,
              "token from another key",
            );
            // ...and a server started with its public key accepts it.
            const other = await ServerProcess.start(["--port", "0", "--auth-key", made.publicKey]);
            try {
              const token = await run([
                "token",
                "--key",
                made.privateKey,
                "--pub",
                "cli",
                "--sub",
                "cli",
              ]);
              const c = await qmuxClient(other.ready.ws, { tokens: [token] });
              await c.session.publishNamespace({ trackNamespace: ns("cli/x") });
              assertEquals(
                await rejection(c.session.publishNamespace({ trackNamespace: ns("else") })),
                "UNAUTHORIZED",
                "scope from --pub",
              );
              c.session.close();
            } finally {
              await other.stop();
            }
          })(),
          STEP_MS * 2,
          "CLI credentials",
        ),
      );
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "JWT auth (RSA public key as JWK: RS256)",
  ...opts,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "clutchcall-rsa-" });
    const keys = await generateSigningKeys("RS256");
    const jwk = await exportJWK(await importSPKI(keys.publicPem, "RS256", { extractable: true }));
    const keyFile = `${dir}/relay.jwk.json`;
    await Deno.writeTextFile(keyFile, JSON.stringify(jwk));
    const server = await ServerProcess.start(["--port", "0", "--auth-key", keyFile]);
    try {
      await bounded(
        (async () => {
          const rsa = await parseSigningKey(keys.privatePem);
          assertEquals(rsa.alg, "RS256", "signing algorithm");
          const token = await mintToken(rsa, { pub: ["a"], sub: ["a"] });
          const c = await qmuxClient(server.ready.ws, { tokens: [token] });
          await c.session.publishNamespace({ trackNamespace: ns("a/b") });
          c.session.close();
          const ed = await parseSigningKey((await generateSigningKeys("EdDSA")).privatePem);
          assertEquals(
            await refusal(
              qmuxClient(server.ready.ws, {
                tokens: [await mintToken(ed, { pub: ["a"], sub: [] })],
              }),
            ),
            SessionErrorCode.UNAUTHORIZED,
            "an EdDSA token on an RS256 server",
          );
        })(),
        STEP_MS,
        "RS256",
      );
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
