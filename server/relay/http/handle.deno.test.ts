// Run: npx deno test -A server/relay/http/
import { handleHttp, sha256Hex } from "./mod.ts";

function assertEquals(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const at = (path: string, init: RequestInit = {}) =>
  new Request(`http://127.0.0.1:4443${path}`, init);
const HEX = "AB".repeat(32);

Deno.test("GET /certificate.sha256 is the bare lowercase hex, never cached", async () => {
  const res = handleHttp(at("/certificate.sha256"), { certificate: { sha256Hex: HEX } });
  assertEquals(res.status, 200, "status");
  assertEquals(await res.text(), "ab".repeat(32), "body");
  assertEquals(res.headers.get("cache-control"), "no-store", "cache-control");
  assertEquals(res.headers.get("access-control-allow-origin"), "*", "CORS");
  const none = handleHttp(at("/certificate.sha256"));
  assertEquals(none.status, 404, "no certificate");
  await none.body?.cancel();
});

Deno.test("GET /healthz is JSON with the extra fields", async () => {
  const res = handleHttp(at("/healthz"), { health: () => ({ sessions: 3 }) });
  assertEquals(res.headers.get("content-type"), "application/json", "type");
  assertEquals(await res.json(), { status: "ok", sessions: 3 }, "body");
});

Deno.test("HEAD has no body; other methods get 405; unknown paths 404", async () => {
  const head = handleHttp(at("/healthz", { method: "HEAD" }));
  assertEquals([head.status, head.body], [200, null], "HEAD");
  const post = handleHttp(at("/healthz", { method: "POST" }));
  assertEquals([post.status, post.headers.get("allow")], [405, "GET, HEAD, OPTIONS"], "POST");
  await post.body?.cancel();
  const missing = handleHttp(at("/nope"));
  assertEquals(
    [missing.status, missing.headers.get("access-control-allow-origin")],
    [404, "*"],
    "404",
  );
  await missing.body?.cancel();
});

Deno.test("answers CORS preflights, with Private Network Access when asked", () => {
  const res = handleHttp(
    at("/certificate.sha256", {
      method: "OPTIONS",
      headers: {
        origin: "https://demo.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "x-trace",
        "access-control-request-private-network": "true",
      },
    }),
    { allowOrigin: "https://demo.example" },
  );
  assertEquals(res.status, 204, "status");
  assertEquals(
    [
      res.headers.get("access-control-allow-origin"),
      res.headers.get("access-control-allow-methods"),
      res.headers.get("access-control-allow-headers"),
      res.headers.get("access-control-allow-private-network"),
      res.headers.get("vary"),
    ],
    ["https://demo.example", "GET, HEAD, OPTIONS", "x-trace", "true", "Origin"],
    "headers",
  );
});

Deno.test("sha256Hex hashes DER bytes", async () => {
  const abc = new TextEncoder().encode("abc");
  assertEquals(
    await sha256Hex(abc),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "digest",
  );
});
