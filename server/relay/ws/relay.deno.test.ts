// Integration: the SDK's WebSocket transport through this listener to a Relay,
// under Deno. Run: npx deno test -A server/relay/ws/
import { MoqtSession } from "../../../src/moqt/session/index.ts";
import { protocolsFor } from "../../../src/moqt/session/negotiation.ts";
import { PROFILES } from "../../../src/moqt/wire/index.ts";
import { connectTransport } from "../../../src/transport/connect.ts";
import { ConnectError } from "../../../src/transport/connect-errors.ts";
import { Relay, silentLogger } from "../core/mod.ts";
import { Collector, ns, sendGroup, tn, versionOf } from "../core/testing/harness.ts";
import { SubscribeAnswerer } from "../core/testing/namespace-publisher.ts";
import { until } from "../core/testing/wait.ts";
import { handleHttp } from "../http/mod.ts";
import { serveRelayWebSocket } from "./serve.ts";

function assert(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}

function assertEquals(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const HASH = "0f".repeat(32);

/** A relay behind Deno.serve on a free loopback port. */
function startServer() {
  const relay = new Relay({ auth: { mode: "none" }, logger: silentLogger });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) =>
      serveRelayWebSocket(relay, req) ??
      handleHttp(req, {
        certificate: { sha256Hex: HASH },
        health: () => ({ sessions: relay.stats().sessions }),
      }),
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    relay,
    base,
    async stop() {
      relay.close();
      // @moq/qmux closes the socket 100 ms after its close frame.
      await new Promise((r) => setTimeout(r, 250));
      await server.shutdown();
    },
  };
}

/** A MoQT client of the relay over QMux over WebSocket. */
async function client(
  base: string,
  draft: 14 | 16,
  o: Parameters<typeof MoqtSession.connect>[1] = {},
) {
  const version = versionOf(draft);
  const transport = await connectTransport(`${base}/moq`, {
    transport: "websocket",
    protocols: protocolsFor([version]),
  });
  assertEquals(transport.kind, "websocket", "transport kind");
  assertEquals(transport.protocol, PROFILES[version].alpn, "negotiated protocol");
  const session = await MoqtSession.connect(transport, { ...o, versions: [version] });
  return { transport, session };
}

const MIXES: [14 | 16, 14 | 16][] = [
  [16, 16],
  [14, 14],
  [14, 16],
  [16, 14],
];

for (const [pubDraft, subDraft] of MIXES) {
  Deno.test(`PUBLISH_NAMESPACE (draft-${pubDraft}) → SUBSCRIBE (draft-${subDraft}) over QMux`, async () => {
    const srv = startServer();
    try {
      const answers = new SubscribeAnswerer();
      const pub = await client(srv.base, pubDraft, { handler: answers.handler() });
      await pub.session.publishNamespace({ trackNamespace: ns("cam") });
      const seen = new Collector();
      const sub = await client(srv.base, subDraft, { on: seen.listeners() });
      const ok = await sub.session.subscribe({
        trackNamespace: ns("cam"),
        trackName: tn("video"),
        filter: { type: "largestObject" },
      });
      assertEquals(answers.accepted.length, 1, "upstream SUBSCRIBEs");
      const up = answers.accepted[0]!;
      await sendGroup(pub.session, up.alias, 0, 3, { size: 2000 });
      await sendGroup(pub.session, up.alias, 1, 2);
      await until(() => seen.seen.length === 5, "5 objects");
      assertEquals(seen.keys(ok.trackAlias), ["0:0", "0:1", "0:2", "1:0", "1:1"], "objects");
      const g0o2 = seen.seen.find((s) => s.group === 0 && s.object === 2)!;
      assertEquals(
        [g0o2.payload.length, g0o2.payload[0], g0o2.payload[1]],
        [2000, 0, 2],
        "payload",
      );
      assertEquals(srv.relay.stats().sessions, 2, "relay sessions");
      sub.session.close();
      pub.session.close();
      await Promise.all([sub.transport.closed, pub.transport.closed]);
    } finally {
      await srv.stop();
    }
  });
}

Deno.test("accepts a comma-only Sec-WebSocket-Protocol list (Node's ws) and prefers moqt-16", async () => {
  const srv = startServer();
  try {
    const { port } = new URL(srv.base);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
    const request = [
      "GET /moq HTTP/1.1",
      `Host: 127.0.0.1:${port}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      "Sec-WebSocket-Protocol: qmux-00.moq-00,qmux-01.moqt-16,qmux-02",
      "",
      "",
    ].join("\r\n");
    await conn.write(new TextEncoder().encode(request));
    const buf = new Uint8Array(4096);
    const n = (await conn.read(buf)) ?? 0;
    const head = new TextDecoder().decode(buf.subarray(0, n)).toLowerCase();
    conn.close();
    assert(head.startsWith("http/1.1 101"), `101 response, got ${head.split("\r\n")[0]}`);
    assert(head.includes("sec-websocket-protocol: qmux-01.moqt-16\r\n"), "chosen subprotocol");
  } finally {
    await srv.stop();
  }
});

Deno.test("refuses a client with no common subprotocol; the error is not retryable", async () => {
  const srv = startServer();
  try {
    const e = await connectTransport(`${srv.base}/moq`, {
      transport: "websocket",
      protocols: ["moqt-99"],
      qmux: { requireProtocol: true },
    }).catch((x: unknown) => x);
    assert(e instanceof ConnectError, "ConnectError");
    assertEquals([e.failure, e.retryable], ["rejected", false], "failure");
  } finally {
    await srv.stop();
  }
});

Deno.test("reports a closed port as refused and retryable", async () => {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const e = await connectTransport(`http://127.0.0.1:${port}/moq`, {
    transport: "websocket",
    protocols: ["moqt-16"],
  }).catch((x: unknown) => x);
  assert(e instanceof ConnectError, "ConnectError");
  assertEquals([e.failure, e.retryable], ["refused", true], "failure");
});

Deno.test("serves the certificate hash and health over plain HTTP", async () => {
  const srv = startServer();
  try {
    const cert = await fetch(`${srv.base}/certificate.sha256`);
    assertEquals([cert.status, await cert.text()], [200, HASH], "certificate hash");
    assertEquals(cert.headers.get("access-control-allow-origin"), "*", "CORS");
    const health = await fetch(`${srv.base}/healthz`);
    assertEquals(await health.json(), { status: "ok", sessions: 0 }, "health");
    const plain = await fetch(`${srv.base}/moq`);
    assertEquals(plain.status, 404, "GET /moq without upgrade");
    await plain.body?.cancel();
  } finally {
    await srv.stop();
  }
});

Deno.test("auto mode in Deno dials WebSocket, mapping a loopback https URL to ws://", async () => {
  const srv = startServer();
  try {
    const { port } = new URL(srv.base);
    const t = await connectTransport(`https://127.0.0.1:${port}/moq?x=1`, {
      protocols: protocolsFor(),
    });
    assertEquals(
      [t.kind, t.url, t.protocol],
      ["websocket", `ws://127.0.0.1:${port}/moq?x=1`, "moqt-16"],
      "transport",
    );
    const session = await MoqtSession.connect(t);
    assertEquals(session.draft, 16, "draft");
    session.close();
    await t.closed;
  } finally {
    await srv.stop();
  }
});
