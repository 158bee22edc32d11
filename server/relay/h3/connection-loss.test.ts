import assert from "node:assert/strict";
import { generateCertificate } from "./certificate.ts";
import { H3Connection } from "./connection.ts";
import { encodeFrame, FrameType, UniStreamType } from "./frame.ts";
import { encodeFieldSection } from "./qpack.ts";
import { concatBytes } from "./reader.ts";
import { WebTransportSendStream } from "./send-stream.ts";
import { encodeSettingsFrame, SettingId } from "./settings.ts";

/**
 * A peer that vanishes while its streams are being handed over: under load the
 * server learns of a connection's new streams and of its end in the same turn,
 * and Deno has released the streams' resources by the time the handler runs
 * (`stream.readable.id` throws BadResource). The server connection here gets
 * each real QUIC stream only after the real connection closed, which makes that
 * order certain. Every such stream must be cleared without an unhandled rejection
 * and without an error report (a peer leaving is not a server failure).
 */

const STREAMS = 6;

/** `conn`, except that its incoming streams are handed over only once it has closed. */
function afterClose(conn: Deno.QuicConn): Deno.QuicConn {
  const late = <T>(incoming: ReadableStream<T>, seen: () => void) =>
    new ReadableStream<T>({
      async start(controller) {
        const held: T[] = [];
        try {
          for await (const stream of incoming) {
            held.push(stream);
            seen();
          }
        } catch {
          // the connection closed
        }
        await conn.closed.catch(() => undefined);
        for (const stream of held) controller.enqueue(stream);
        controller.close();
      },
    });
  let seenStreams = 0;
  const bidi = late(conn.incomingBidirectionalStreams, () => seenStreams++);
  const uni = late(conn.incomingUnidirectionalStreams, () => seenStreams++);
  return new Proxy(conn, {
    get(target, key) {
      if (key === "incomingBidirectionalStreams") return bidi;
      if (key === "incomingUnidirectionalStreams") return uni;
      if (key === "heldStreams") return seenStreams;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const quicAvailable = typeof (Deno as { QuicEndpoint?: unknown }).QuicEndpoint === "function";

if (quicAvailable)
  Deno.test({
    name: "connection: streams handed over after the peer closed end without unhandled rejections",
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const certificate = await generateCertificate();
      const unhandled: string[] = [];
      const onUnhandled = (e: PromiseRejectionEvent) => {
        e.preventDefault();
        unhandled.push(e.reason instanceof Error ? (e.reason.stack ?? "") : String(e.reason));
      };
      globalThis.addEventListener("unhandledrejection", onUnhandled);
      const endpoint = new Deno.QuicEndpoint({ hostname: "127.0.0.1", port: 0 });
      const listener = endpoint.listen({
        cert: certificate.certPem,
        key: certificate.keyPem,
        alpnProtocols: ["h3"],
      });
      const errors: unknown[] = [];
      const accepted = (async () => {
        for await (const incoming of listener) return afterClose(await incoming.accept());
        throw new Error("no connection");
      })();
      const client = await Deno.connectQuic({
        hostname: "127.0.0.1",
        port: endpoint.addr.port,
        serverName: "localhost",
        caCerts: [certificate.certPem],
        alpnProtocols: ["h3"],
      });
      try {
        const server = await accepted;
        new H3Connection(server, {
          limits: { maxOpenUnidirectionalStreams: 8, datagramQueueSize: 8 },
          lingerMs: 0,
          decide: () => Promise.resolve({ status: 200 }),
          onSession: () => {},
          onError: (e) => errors.push(e),
        });
        const settings = encodeSettingsFrame(new Map([[SettingId.WT_ENABLED, 1]]));
        const control = (await client.createUnidirectionalStream()).getWriter();
        await control.write(concatBytes([Uint8Array.of(UniStreamType.CONTROL), settings]));
        const connect = encodeFrame(
          FrameType.HEADERS,
          encodeFieldSection([
            [":method", "CONNECT"],
            [":protocol", "webtransport-h3"],
            [":scheme", "https"],
            [":authority", "localhost"],
            [":path", "/moq"],
          ]),
        );
        for (let i = 0; i < STREAMS; i++) {
          const w = (await client.createBidirectionalStream()).writable.getWriter();
          // whole requests and requests cut short
          await w.write(connect.subarray(0, i % 2 === 0 ? connect.length : 3));
        }
        const held = () => (server as unknown as { heldStreams: number }).heldStreams;
        for (let i = 0; i < 100 && held() < STREAMS + 1; i++) {
          await new Promise((r) => setTimeout(r, 10));
        }
        assert.equal(held(), STREAMS + 1, "the server saw every stream before the close");
        client.close({ closeCode: 0x100, reason: "" });
        await server.closed.catch(() => undefined);
        // the held streams reach the handlers now; let them run
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        try {
          client.close({ closeCode: 0x100, reason: "" });
        } catch {
          // already closed
        }
        endpoint.close();
        globalThis.removeEventListener("unhandledrejection", onUnhandled);
      }
      assert.deepEqual(unhandled, [], "unhandled rejections");
      assert.deepEqual(errors, [], "errors reported for a peer that left");
    },
  });

if (quicAvailable)
  Deno.test({
    name: "send stream: its priority may be set after its connection closed",
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const certificate = await generateCertificate();
      const endpoint = new Deno.QuicEndpoint({ hostname: "127.0.0.1", port: 0 });
      const listener = endpoint.listen({
        cert: certificate.certPem,
        key: certificate.keyPem,
        alpnProtocols: ["h3"],
      });
      const accepted = (async () => {
        for await (const incoming of listener) return await incoming.accept();
        throw new Error("no connection");
      })();
      const client = await Deno.connectQuic({
        hostname: "127.0.0.1",
        port: endpoint.addr.port,
        serverName: "localhost",
        caCerts: [certificate.certPem],
        alpnProtocols: ["h3"],
      });
      try {
        const server = await accepted;
        const stream = new WebTransportSendStream(
          await server.createUnidirectionalStream(),
          undefined,
          () => {},
        );
        stream.sendOrder = 3;
        client.close({ closeCode: 0x100, reason: "" });
        await server.closed.catch(() => undefined);
        stream.sendOrder = 7; // a relay re-prioritising a subscriber that just left
        assert.equal(stream.sendOrder, 7);
      } finally {
        endpoint.close();
      }
    },
  });
