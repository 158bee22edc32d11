// Integration: the real dev server process (server/main.ts) with real clients:
// the ready line and HTTP endpoints, QMux over WebSocket in every draft pairing,
// Deno's native WebTransport client, and malformed input.
// Run: npx deno test -A --unstable-net server/tests/
import { SessionErrorCode } from "../../src/moqt/wire/index.ts";
import {
  assert,
  assertEquals,
  Collector,
  expectedKeys,
  ns,
  qmuxClient,
  qmuxTransport,
  SubscribeAnswerer,
  sendGroup,
  TrackPublisher,
  tn,
  until,
  webTransportClient,
} from "./clients.ts";
import { bounded, ServerProcess } from "./process.ts";

const STEP_MS = 20_000;
const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "dev server over real transports",
  ...opts,
  async fn(t) {
    const server = await ServerProcess.start(["--port", "0", "--no-auth", "--log-level", "debug"]);
    const { ready } = server;
    try {
      await t.step("prints exactly one ready line on stdout, logs JSON on stderr", async () => {
        const port = server.port;
        assert(port > 0, "a port was picked");
        assertEquals(
          Object.keys(ready),
          [
            "event",
            "relay",
            "ws",
            "http",
            "certificateSha256",
            "auth",
            "api",
            "orgId",
            "apiKey",
            "rtmp",
            "srt",
          ],
          "ready keys",
        );
        assertEquals(
          [ready.relay, ready.ws, ready.http, ready.auth],
          [
            `https://127.0.0.1:${port}/moq`,
            `ws://127.0.0.1:${port}/moq`,
            `http://127.0.0.1:${port}`,
            "none",
          ],
          "ready line",
        );
        assert(/^[0-9a-f]{64}$/.test(ready.certificateSha256), "hex certificate hash");
        assertEquals(ready.api, `http://127.0.0.1:${port}`, "control plane URL");
        assert(/^org_/.test(ready.orgId) && /^cck_/.test(ready.apiKey), "dev credentials");
        await server.waitForLog((r) => r.event === "server.ready");
        assertEquals(server.stdout.length, 1, "stdout lines");
        assertEquals(server.stderrText, [], "non-JSON stderr lines");
      });

      await t.step("serves the certificate hash, health and CORS on the TCP port", async () => {
        const cert = await fetch(`${ready.http}/certificate.sha256`);
        assertEquals([cert.status, await cert.text()], [200, ready.certificateSha256], "hash");
        assertEquals(cert.headers.get("access-control-allow-origin"), "*", "CORS");
        const health = await fetch(`${ready.http}/healthz`);
        const body = (await health.json()) as Record<string, unknown>;
        assertEquals([body.status, body.auth, body.closing], ["ok", "none", false], "health");
        const pre = await fetch(`${ready.http}/certificate.sha256`, {
          method: "OPTIONS",
          headers: {
            origin: "http://127.0.0.1:5174",
            "access-control-request-method": "GET",
            "access-control-request-private-network": "true",
          },
        });
        assertEquals(
          [pre.status, pre.headers.get("access-control-allow-private-network")],
          [204, "true"],
          "preflight",
        );
        await pre.body?.cancel();
        const plain = await fetch(ready.ws.replace("ws:", "http:"));
        assertEquals([plain.status, plain.headers.get("upgrade")], [426, "websocket"], "GET /moq");
        await plain.body?.cancel();
        const missing = await fetch(`${ready.http}/nope`);
        assertEquals(missing.status, 404, "unknown path");
        await missing.body?.cancel();
      });

      const mixes: [14 | 16, 14 | 16][] = [
        [16, 16],
        [14, 14],
        [14, 16],
        [16, 14],
      ];
      for (const [pubDraft, subDraft] of mixes) {
        await t.step(
          `QMux: PUBLISH_NAMESPACE draft-${pubDraft} → SUBSCRIBE draft-${subDraft}`,
          () =>
            bounded(
              (async () => {
                const path = `cam/${pubDraft}-${subDraft}`;
                const answers = new SubscribeAnswerer();
                const pub = await qmuxClient(ready.ws, {
                  draft: pubDraft,
                  handler: answers.handler(),
                });
                await pub.session.publishNamespace({ trackNamespace: ns(path) });
                const seen = new Collector();
                const sub = await qmuxClient(ready.ws, { draft: subDraft, on: seen.listeners() });
                const ok = await sub.session.subscribe({
                  trackNamespace: ns(path),
                  trackName: tn("v"),
                });
                const up = answers.accepted[0]!;
                await sendGroup(pub.session, up.alias, 0, 3, { size: 2000 });
                await sendGroup(pub.session, up.alias, 1, 2);
                await until(() => seen.seen.length === 5, "5 objects", 5_000);
                assertEquals(
                  seen.keys(ok.trackAlias),
                  ["0:0", "0:1", "0:2", "1:0", "1:1"],
                  "objects",
                );
                const big = seen.seen.find((s) => s.group === 0 && s.object === 2)!;
                assertEquals(
                  [big.payload.length, big.payload[0], big.payload[1]],
                  [2000, 0, 2],
                  "payload",
                );
                sub.session.close();
                pub.session.close();
                await Promise.all([sub.session.closed, pub.session.closed]);
              })(),
              STEP_MS,
              "pub/sub over QMux",
            ),
        );
      }

      await t.step(
        "QMux: PUBLISH (draft-16) → SUBSCRIBE (draft-14), then the publisher leaves",
        () =>
          bounded(
            (async () => {
              const pub = await qmuxClient(ready.ws, { draft: 16 });
              const track = await TrackPublisher.publish(pub.session, "pub/direct", "t");
              const seen = new Collector();
              let done = false;
              const sub = await qmuxClient(ready.ws, {
                draft: 14,
                on: { ...seen.listeners(), publishDone: () => (done = true) },
              });
              const ok = await sub.session.subscribe({
                trackNamespace: ns("pub/direct"),
                trackName: tn("t"),
              });
              await track.group(0, 4);
              await until(() => seen.seen.length === 4, "4 objects", 5_000);
              assertEquals(seen.keys(ok.trackAlias), expectedKeys(0, 0, 4), "objects");
              pub.session.close();
              await until(() => done, "PUBLISH_DONE after the publisher left", 5_000);
              sub.session.close();
            })(),
            STEP_MS,
            "PUBLISH over QMux",
          ),
      );

      await t.step(
        "Deno's native WebTransport client: a draft-14 session publishes to and subscribes from QMux clients",
        () =>
          bounded(
            (async () => {
              // Deno's client sends no WT-Available-Protocols, so MoQT picks draft-14 in SETUP.
              const wtPub = await webTransportClient(ready.relay, ready.certificateSha256);
              assertEquals([wtPub.transport.protocol, wtPub.session.draft], ["", 14], "WT session");
              const track = await TrackPublisher.publish(wtPub.session, "wt/deno", "t");
              const seen = new Collector();
              const sub = await qmuxClient(ready.ws, { draft: 16, on: seen.listeners() });
              const ok = await sub.session.subscribe({
                trackNamespace: ns("wt/deno"),
                trackName: tn("t"),
              });
              await track.group(0, 3, { size: 1000 });
              await until(() => seen.seen.length === 3, "objects from the WT publisher", 5_000);
              assertEquals(seen.keys(ok.trackAlias), expectedKeys(0, 0, 3), "objects at QMux");

              const qPub = await qmuxClient(ready.ws, { draft: 14 });
              const qTrack = await TrackPublisher.publish(qPub.session, "wt/qmux", "t");
              const wtSeen = new Collector();
              const wtSub = await webTransportClient(ready.relay, ready.certificateSha256, {
                on: wtSeen.listeners(),
              });
              const wtOk = await wtSub.session.subscribe({
                trackNamespace: ns("wt/qmux"),
                trackName: tn("t"),
              });
              await qTrack.group(0, 3);
              await qTrack.group(1, 3);
              await until(() => wtSeen.seen.length === 6, "objects at the WT subscriber", 5_000);
              assertEquals(wtSeen.keys(wtOk.trackAlias), expectedKeys(0, 1, 3), "objects at WT");
              const accepted = server.events("session.transport").map((r) => r.transport);
              assert(accepted.includes("webtransport"), "the server saw WebTransport sessions");
              for (const c of [wtPub, sub, qPub, wtSub]) c.session.close();
            })(),
            STEP_MS,
            "Deno WebTransport",
          ),
      );

      await t.step(
        "malformed bytes end only that session (PROTOCOL_VIOLATION); every other session keeps working",
        () =>
          bounded(
            (async () => {
              const pub = await qmuxClient(ready.ws, { draft: 16 });
              const track = await TrackPublisher.publish(pub.session, "safe", "t");
              const seen = new Collector();
              const sub = await qmuxClient(ready.ws, { draft: 14, on: seen.listeners() });
              const ok = await sub.session.subscribe({
                trackNamespace: ns("safe"),
                trackName: tn("t"),
              });
              await track.group(0, 3);
              await until(() => seen.seen.length === 3, "objects before", 5_000);
              const before = server.events("session.closed").length;

              // 1. A data stream of an unknown stream type.
              const bad = await qmuxClient(ready.ws, { draft: 16 });
              const s = await bad.transport.createUnidirectionalStream();
              await s.getWriter().write(new Uint8Array([0x02, 0x01, 0x02]));
              assertEquals(
                (await bad.session.closed).code,
                SessionErrorCode.PROTOCOL_VIOLATION,
                "bad stream",
              );

              // 2. A publisher whose Object has an invalid Object Status (9).
              const badPub = await qmuxClient(ready.ws, { draft: 16 });
              await TrackPublisher.publish(badPub.session, "safe", "bad");
              const raw = await badPub.transport.createUnidirectionalStream();
              // SUBGROUP_HEADER 0x10, alias 7, group 1, priority 128; Object ID 0, length 0, status 9.
              await raw
                .getWriter()
                .write(new Uint8Array([0x10, 0x07, 0x01, 0x80, 0x00, 0x00, 0x09]));
              assertEquals(
                (await badPub.session.closed).code,
                SessionErrorCode.PROTOCOL_VIOLATION,
                "bad object",
              );

              // 3. A CLIENT_SETUP whose length runs past its parameters.
              const rawSetup = await qmuxTransport(ready.ws, 16);
              const control = await rawSetup.createBidirectionalStream();
              const w = control.writable.getWriter();
              await w.write(new Uint8Array([0x20, 0x00, 0x03, 0x05, 0x01, 0x02]));
              const closed = await bounded(rawSetup.closed, 5_000, "raw setup close");
              assertEquals(
                closed.closeCode,
                SessionErrorCode.PROTOCOL_VIOLATION,
                "bad CLIENT_SETUP",
              );

              // 4. Bytes that are not QMux at all, on an upgraded WebSocket.
              const junk = new WebSocket(ready.ws, ["qmux-02.moqt-16"]);
              junk.binaryType = "arraybuffer";
              await new Promise((resolve, reject) => {
                junk.onopen = resolve;
                junk.onerror = reject;
              });
              const gone = new Promise((resolve) => (junk.onclose = resolve));
              junk.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]));
              await bounded(gone, 5_000, "the junk socket closed");

              await track.group(1, 3);
              await until(() => seen.seen.length === 6, "objects after the failures", 5_000);
              assertEquals(seen.keys(ok.trackAlias), expectedKeys(0, 1, 3), "objects");
              assert(!pub.session.isClosed && !sub.session.isClosed, "good sessions still open");
              const codes = server
                .events("session.closed")
                .slice(before)
                .map((r) => r.code);
              assert(
                codes.filter((c) => c === SessionErrorCode.PROTOCOL_VIOLATION).length >= 2,
                `server logged the violations, got ${JSON.stringify(codes)}`,
              );
              const health = (await (await fetch(`${ready.http}/healthz`)).json()) as {
                sessions: number;
              };
              assertEquals(health.sessions, 2, "sessions left open");
              pub.session.close();
              sub.session.close();
            })(),
            STEP_MS,
            "malformed input",
          ),
      );
    } finally {
      const status = await server.stop();
      assertEquals(status.code, 0, "exit code after SIGTERM");
    }
  },
});
