import assert from "node:assert/strict";
import { encodeCapsule, encodeCloseSession } from "./capsule.ts";
import { generateCertificate } from "./certificate.ts";
import { echoSession } from "./echo.ts";
import { encodeFrame, FrameType, UniStreamType } from "./frame.ts";
import { decodeFieldSection, encodeFieldSection, type FieldLine } from "./qpack.ts";
import { concatBytes } from "./reader.ts";
import { WebTransportServer } from "./server.ts";
import type { WebTransportSession } from "./session.ts";
import { encodeSettingsFrame, SettingId } from "./settings.ts";
import { encodeUniStreamHeader } from "./stream-header.ts";
import { StreamReader } from "./stream-reader.ts";

/**
 * A raw HTTP/3 client on Deno.connectQuic drives the server in-process:
 * SETTINGS, extended CONNECT, protocol choice, 404, a unidirectional echo
 * and close capsules in both directions.
 */

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function connectRequest(path: string, protocols?: string): FieldLine[] {
  const fields: FieldLine[] = [
    [":method", "CONNECT"],
    [":protocol", "webtransport-h3"],
    [":scheme", "https"],
    [":authority", "localhost"],
    [":path", path],
    ["origin", "http://localhost"],
  ];
  return protocols ? [...fields, ["wt-available-protocols", protocols]] : fields;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `deno test` finds no config at the repository root, so QUIC may need a re-run with the flag. */
const quicAvailable = typeof (Deno as { QuicEndpoint?: unknown }).QuicEndpoint === "function";

if (!quicAvailable) {
  Deno.test("server: raw HTTP/3 client opens, uses and closes sessions (--unstable-net child)", async () => {
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["test", "-A", "--unstable-net", new URL(import.meta.url).pathname],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const output = text(result.stdout) + text(result.stderr);
    assert.ok(result.success, output);
    assert.match(output, /1 passed/);
  });
}

// Without the flag the child above runs this test.
if (quicAvailable)
  Deno.test({
    name: "server: raw HTTP/3 client opens, uses and closes sessions",
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const certificate = await generateCertificate();
      const sessions: WebTransportSession[] = [];
      let nextSession: (session: WebTransportSession) => void = () => {};
      const server = await WebTransportServer.listen({
        certificate,
        paths: ["/moq"],
        protocols: ["moq-00", "moqt-16"],
        accept: (request) => ({ status: request.url.searchParams.get("jwt") === "ok" ? 200 : 403 }),
        onSession(session) {
          sessions.push(session);
          echoSession(session);
          nextSession(session);
        },
      });
      const conn = await Deno.connectQuic({
        hostname: "127.0.0.1",
        port: server.port,
        serverName: "localhost",
        caCerts: [certificate.certPem],
        alpnProtocols: ["h3"],
      });
      try {
        const control = (await conn.createUnidirectionalStream()).getWriter();
        const settings = new Map([
          [SettingId.H3_DATAGRAM, 1],
          [SettingId.ENABLE_WEBTRANSPORT_DRAFT02, 1],
        ]);
        await control.write(
          concatBytes([Uint8Array.of(UniStreamType.CONTROL), encodeSettingsFrame(settings)]),
        );

        const request = async (fields: FieldLine[]) => {
          const stream = await conn.createBidirectionalStream();
          const writer = stream.writable.getWriter();
          await writer.write(encodeFrame(FrameType.HEADERS, encodeFieldSection(fields)));
          const reader = new StreamReader(stream.readable);
          const frame = await withTimeout(reader.frame(4096), 3000, "response");
          assert.equal(frame?.type, FrameType.HEADERS);
          return {
            id: Number(stream.readable.id),
            writer,
            reader,
            headers: new Map(decodeFieldSection(frame!.payload)),
          };
        };

        const notFound = await request(connectRequest("/other?jwt=ok"));
        assert.equal(notFound.headers.get(":status"), "404");
        const refused = await request(connectRequest("/moq?jwt=bad"));
        assert.equal(refused.headers.get(":status"), "403");

        // a stream that names the next request stream (id 8) before its CONNECT is sent
        // waits in the pending buffer until the session is accepted (draft §4.6)
        const early = (await conn.createUnidirectionalStream()).getWriter();
        await early.write(
          concatBytes([encodeUniStreamHeader(8), new TextEncoder().encode("early")]),
        );
        await early.close();
        const opened = new Promise<WebTransportSession>((resolve) => (nextSession = resolve));
        const accepted = await request(connectRequest("/moq?jwt=ok", '"moqt-16", "moq-00"'));
        assert.equal(accepted.headers.get(":status"), "200");
        assert.equal(accepted.headers.get("wt-protocol"), '"moqt-16"'); // client's first choice
        const session = await withTimeout(opened, 1000, "session");
        assert.equal(session.id, accepted.id);
        assert.equal(session.protocol, "moqt-16");
        assert.equal(session.request.url.searchParams.get("jwt"), "ok");

        // unidirectional echo: the server answers on a stream it opens
        const uni = (await conn.createUnidirectionalStream()).getWriter();
        await uni.write(
          concatBytes([encodeUniStreamHeader(session.id), new TextEncoder().encode("ping")]),
        );
        await uni.close();
        const incoming = conn.incomingUnidirectionalStreams.getReader();
        const echoed = await withTimeout(
          (async () => {
            const texts: string[] = [];
            while (texts.length < 2) {
              const { value } = await incoming.read();
              const reader = new StreamReader(value!);
              if ((await reader.varint()) !== UniStreamType.WEBTRANSPORT) continue; // control, QPACK
              assert.equal(await reader.varint(), session.id);
              const parts: Uint8Array[] = [];
              for await (const chunk of reader.remainder()) parts.push(chunk);
              texts.push(text(concatBytes(parts)));
            }
            return texts.sort();
          })(),
          3000,
          "uni echo",
        );
        assert.deepEqual(echoed, ["early", "ping"]);

        // client closes with a capsule: detected with its code and reason
        const closeCapsule = encodeCloseSession({ closeCode: 99, reason: "done" });
        await accepted.writer.write(encodeFrame(FrameType.DATA, closeCapsule));
        const info = await withTimeout(session.closed, 1000, "close detection");
        assert.deepEqual(info, { closeCode: 99, reason: "done", initiator: "remote", clean: true });
        assert.equal(await withTimeout(accepted.reader.frame(4096), 1000, "FIN"), undefined);

        // server closes: the client sees WT_CLOSE_SESSION then FIN
        const second = new Promise<WebTransportSession>((resolve) => (nextSession = resolve));
        const other = await request(connectRequest("/moq?jwt=ok"));
        assert.equal(other.headers.get("wt-protocol"), undefined); // nothing offered
        (await withTimeout(second, 1000, "second session")).close({ closeCode: 5, reason: "bye" });
        const data = await withTimeout(other.reader.frame(4096), 1000, "close capsule");
        assert.equal(data?.type, FrameType.DATA);
        assert.deepEqual(
          data?.payload,
          encodeCapsule(0x2843, Uint8Array.of(0, 0, 0, 5, 0x62, 0x79, 0x65)),
        );
        assert.equal(await withTimeout(other.reader.frame(4096), 1000, "server FIN"), undefined);
        assert.equal(sessions.length, 2);
      } finally {
        conn.close({ closeCode: 0x100, reason: "" });
        await server.close();
      }
    },
  });
