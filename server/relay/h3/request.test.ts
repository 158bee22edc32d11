import assert from "node:assert/strict";
import type { FieldLine } from "./qpack.ts";
import { parseRequest } from "./request.ts";
import { preferClientOrder } from "./server.ts";

const peer: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port: 5555 };
const connect: FieldLine[] = [
  [":method", "CONNECT"],
  [":protocol", "webtransport"],
  [":scheme", "https"],
  [":authority", "127.0.0.1:4443"],
  [":path", "/moq?jwt=a.b.c&x=1"],
  ["sec-webtransport-http3-draft02", "1"],
  ["origin", "http://127.0.0.1:5174"],
  ["wt-available-protocols", '"moqt-16", "moq-00"'],
];

Deno.test("request: extended CONNECT with path, query, origin and offered protocols", () => {
  const parsed = parseRequest(connect, peer);
  assert.equal(parsed.kind, "webtransport");
  if (parsed.kind !== "webtransport") return;
  const { request } = parsed;
  assert.equal(request.url.pathname, "/moq");
  assert.equal(request.url.searchParams.get("jwt"), "a.b.c");
  assert.equal(request.path, "/moq?jwt=a.b.c&x=1");
  assert.equal(request.authority, "127.0.0.1:4443");
  assert.equal(request.origin, "http://127.0.0.1:5174");
  assert.deepEqual(request.protocols, ["moqt-16", "moq-00"]);
  assert.ok(request.draft02);
  assert.equal(preferClientOrder(request.protocols, ["moq-00", "moqt-16"]), "moqt-16");
  assert.equal(preferClientOrder(request.protocols, ["moqt-14"]), undefined);
});

Deno.test("request: later token, malformed protocol field, repeated headers", () => {
  const fields: FieldLine[] = connect.map(([n, v]) =>
    n === ":protocol"
      ? [n, "webtransport-h3"]
      : n === "wt-available-protocols"
        ? [n, "moqt-16"]
        : [n, v],
  );
  const parsed = parseRequest([...fields, ["x-a", "1"], ["x-a", "2"]], peer);
  assert.equal(parsed.kind, "webtransport");
  if (parsed.kind !== "webtransport") return;
  assert.deepEqual(parsed.request.protocols, []); // a Token, not a String: field ignored
  assert.equal(parsed.request.headers.get("x-a"), "1, 2");
});

Deno.test("request: statuses for requests that are not WebTransport", () => {
  const without = (name: string) => connect.filter(([n]) => n !== name);
  const replace = (name: string, value: string): FieldLine[] =>
    connect.map(([n, v]) => (n === name ? [n, value] : [n, v]));
  assert.deepEqual(parseRequest(replace(":method", "GET"), peer), { kind: "other", status: 404 });
  assert.deepEqual(parseRequest(without(":protocol"), peer), { kind: "other", status: 400 });
  assert.deepEqual(parseRequest(replace(":protocol", "websocket"), peer), {
    kind: "other",
    status: 501,
  });
  assert.deepEqual(parseRequest(replace(":scheme", "http"), peer), { kind: "other", status: 400 });
  assert.deepEqual(parseRequest(without(":path"), peer), { kind: "other", status: 400 });
  assert.deepEqual(parseRequest([...connect, [":path", "/x"]], peer), {
    kind: "other",
    status: 400,
  }); // pseudo after regular
  assert.deepEqual(parseRequest([["Origin", "x"], ...connect], peer), {
    kind: "other",
    status: 400,
  }); // uppercase
});
