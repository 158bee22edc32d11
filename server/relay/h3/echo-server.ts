/**
 * Standalone echo server (the raw WebTransport baseline for benchmarks and
 * the browser test). Prints one JSON object per line on stdout: first
 * `{"event":"ready",...}` with the port and certificate hash, then
 * `session` and `closed` events with epoch-millisecond timestamps (`atMs`).
 *
 * Usage: deno run -A --unstable-net server/relay/h3/echo-server.ts
 *   [--hostname 127.0.0.1] [--port 0] [--path /echo] [--protocols moqt-16,moq-00]
 *   [--cert cert.pem --key key.pem] [--no-http]
 *
 * Query parameters on the session URL drive test behaviour: `status=NNN`
 * answers that status instead of 200 (the accept callback sees the query),
 * `greet=1` makes the server open a bidirectional stream that carries
 * "greet", `source=N[&size=B]` makes it push N unidirectional streams of B
 * bytes (default 1024; the first 4 bytes hold the index, big-endian) and emit
 * a `source` event with its timing, and `closeAfterMs=N[&closeCode=C&reason=R]` makes the server close
 * the session after N ms.
 *
 * Unless `--no-http`, it also serves over TCP (same port number when free):
 * `GET /certificate.sha256` (hex) and `GET /stats` (JSON), with CORS open.
 */
import { parseArgs } from "node:util";
import { loadCertificateFiles } from "./certificate.ts";
import { type EchoStats, echoSession } from "./echo.ts";
import { WebTransportServer } from "./server.ts";
import type { WebTransportSession } from "./session.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    hostname: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "0" },
    path: { type: "string", default: "/echo" },
    protocols: { type: "string", default: "moqt-16,moq-00" },
    cert: { type: "string" },
    key: { type: "string" },
    "no-http": { type: "boolean", default: false },
  },
});

const nowMs = () => performance.timeOrigin + performance.now();
const emit = (event: Record<string, unknown>) => console.log(JSON.stringify(event));
const stats: EchoStats = { bidiStreams: 0, uniStreams: 0, datagrams: 0, bytes: 0 };

const server = await WebTransportServer.listen({
  hostname: values.hostname,
  port: Number(values.port),
  ...(values.cert && values.key
    ? { certificate: await loadCertificateFiles(values.cert, values.key) }
    : {}),
  paths: [values.path],
  protocols: values.protocols.split(",").filter(Boolean),
  accept(request) {
    const status = Number(request.url.searchParams.get("status") ?? 200);
    return { status: Number.isInteger(status) && status >= 200 && status <= 599 ? status : 400 };
  },
  onSession(session) {
    emit({
      event: "session",
      id: session.id,
      path: session.request.path,
      protocol: session.protocol,
      offered: session.request.protocols,
      atMs: nowMs(),
    });
    echoSession(session, stats);
    const query = session.request.url.searchParams;
    if (query.get("greet") === "1") void greet(session);
    const sourceCount = Number(query.get("source") ?? 0);
    if (sourceCount > 0)
      void source(session, Math.min(sourceCount, 100_000), Number(query.get("size") ?? 1024));
    const closeAfterMs = Number(query.get("closeAfterMs") ?? Number.NaN);
    if (closeAfterMs >= 0) {
      setTimeout(() => {
        session.close({
          closeCode: Number(query.get("closeCode") ?? 0),
          reason: query.get("reason") ?? "",
        });
      }, closeAfterMs);
    }
    void session.closed.then((info) =>
      emit({ event: "closed", id: session.id, path: session.request.path, ...info, atMs: nowMs() }),
    );
  },
});

/** Opens a server-initiated bidirectional stream, writes "greet" and closes its side. */
async function greet(session: WebTransportSession): Promise<void> {
  try {
    const { writable } = await session.createBidirectionalStream();
    const writer = writable.getWriter();
    await writer.write(new TextEncoder().encode("greet"));
    await writer.close();
  } catch {
    // session closed
  }
}

/** Pushes `count` unidirectional streams of `size` bytes, as a relay fans out groups. */
async function source(session: WebTransportSession, count: number, size: number): Promise<void> {
  const startMs = performance.now();
  let maxQueued = 0;
  const jobs: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    const payload = new Uint8Array(Math.max(4, Math.min(size, 1 << 20)));
    new DataView(payload.buffer).setUint32(0, index);
    const opening = session.createUnidirectionalStream();
    maxQueued = Math.max(maxQueued, session.queuedUnidirectionalStreams);
    jobs.push(
      opening.then(async (stream) => {
        const writer = stream.getWriter();
        await writer.write(payload);
        await writer.close();
      }),
    );
  }
  const results = await Promise.allSettled(jobs);
  emit({
    event: "source",
    id: session.id,
    path: session.request.path,
    count,
    failed: results.filter((r) => r.status === "rejected").length,
    ms: performance.now() - startMs,
    maxQueued,
    atMs: nowMs(),
  });
}

let httpPort: number | undefined;
if (!values["no-http"]) {
  const handler = (request: Request): Response => {
    const headers = { "access-control-allow-origin": "*", "cache-control": "no-store" };
    const { pathname } = new URL(request.url);
    if (pathname === "/certificate.sha256")
      return new Response(server.certificate.sha256Hex, { headers });
    if (pathname === "/stats")
      return Response.json({ ...stats, sessions: server.sessions.size }, { headers });
    return new Response("not found", { status: 404, headers });
  };
  const serve = (port: number) =>
    Deno.serve({ hostname: values.hostname, port, onListen: () => {} }, handler);
  let http: Deno.HttpServer<Deno.NetAddr>;
  try {
    http = serve(server.port);
  } catch {
    http = serve(0);
  }
  httpPort = http.addr.port;
}

emit({
  event: "ready",
  hostname: server.hostname,
  port: server.port,
  httpPort,
  path: values.path,
  certificateHash: server.certificate.sha256Hex,
});

const stop = () => {
  void server.close({ closeCode: 0, reason: "server stopping" }).finally(() => Deno.exit(0));
};
Deno.addSignalListener("SIGTERM", stop);
Deno.addSignalListener("SIGINT", stop);
