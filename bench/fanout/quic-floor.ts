// A child process of bench/quic-floor.bench.ts, run by Deno: the floor under the
// relay's WebTransport fan-out, straight on Deno's QUIC (no HTTP/3, no MoQT).
//   deno run -A --unstable-net bench/fanout/quic-floor.ts server <shape> <connections>
//     → {"port": N, "certPem": "..."}; then "go <objects>" sends that many 1 KiB
//     payloads at RATE_PER_S to every connection, one shared buffer per payload.
//   deno run -A --unstable-net bench/fanout/quic-floor.ts clients <port> <count> <certPem file>
//     → {"ready": true}; "report" prints a FloorReport of what arrived since the last one.
// Shapes: "group-streams" (a new unidirectional stream per Group of PER_GROUP,
// as the relay sends a subgroup), "long-stream" (one stream per connection for the
// whole run), "datagrams" (one QUIC datagram per payload).
// A payload starts with its send time in epoch milliseconds (float64).
import { lines, nowMs, READ_BYTES, say, sleep } from "./child-io.ts";
import { OBJECT_BYTES, PER_GROUP, RATE_PER_S } from "./client.ts";

// The little of Deno's QUIC API used here (the project's type check has no Deno types).
interface QuicConn {
  createUnidirectionalStream(): Promise<WritableStream<Uint8Array>>;
  sendDatagram(data: Uint8Array): Promise<void>;
  readDatagram(): Promise<Uint8Array>;
  readonly incomingUnidirectionalStreams: ReadableStream<ReadableStream<Uint8Array>>;
}
declare const Deno: {
  readonly args: readonly string[];
  QuicEndpoint: new (o: {
    hostname: string;
    port: number;
  }) => {
    readonly addr: { port: number };
    listen(o: { alpnProtocols: string[]; cert: string; key: string }): {
      accept(): Promise<QuicConn>;
    };
  };
  connectQuic(o: {
    hostname: string;
    port: number;
    alpnProtocols: string[];
    caCerts: string[];
  }): Promise<QuicConn>;
  readTextFile(path: string): Promise<string>;
  exit(code: number): never;
};

export type FloorShape = "group-streams" | "long-stream" | "datagrams";

/** What a client process prints on "report". */
export interface FloorReport {
  readonly delivered: number;
  /** Publish-to-receive latency of every payload, ms (0.01 resolution). */
  readonly latenciesMs: number[];
}

const ALPN = "clutchcall-floor";

/** Sends to every connection in the shape given; one call per payload. */
function sender(
  shape: FloorShape,
  conns: readonly QuicConn[],
): (i: number, p: Uint8Array, last: boolean) => void {
  const ignore = () => undefined;
  if (shape === "datagrams") {
    return (_i, p) => {
      for (const c of conns) c.sendDatagram(p).catch(ignore);
    };
  }
  let writers: (
    | WritableStreamDefaultWriter<Uint8Array>
    | Promise<WritableStreamDefaultWriter<Uint8Array>>
  )[] = [];
  const open = () => conns.map((c) => c.createUnidirectionalStream().then((s) => s.getWriter()));
  const write = (w: WritableStreamDefaultWriter<Uint8Array>, p: Uint8Array, end: boolean) => {
    w.write(p).catch(ignore);
    if (end) w.close().catch(ignore);
  };
  return (i, p, last) => {
    const first = shape === "group-streams" ? i % PER_GROUP === 0 : i === 0;
    const end = last || (shape === "group-streams" && i % PER_GROUP === PER_GROUP - 1);
    if (first) writers = open();
    writers.forEach((w, k) => {
      if (w instanceof Promise) {
        writers[k] = w.then((ready) => {
          write(ready, p, end);
          return ready;
        });
      } else write(w, p, end);
    });
  };
}

/** The relay's own self-signed certificate (imported at run time: it needs Deno's types). */
async function certificate(): Promise<{ certPem: string; keyPem: string }> {
  const module: string = "../../server/relay/h3/certificate.ts";
  const { generateCertificate } = (await import(module)) as {
    generateCertificate(): Promise<{ certPem: string; keyPem: string }>;
  };
  return generateCertificate();
}

async function server(shape: FloorShape, connections: number): Promise<void> {
  const { certPem, keyPem } = await certificate();
  const endpoint = new Deno.QuicEndpoint({ hostname: "127.0.0.1", port: 0 });
  const listener = endpoint.listen({
    alpnProtocols: [ALPN],
    cert: certPem,
    key: keyPem,
  });
  say({ port: endpoint.addr.port, certPem });
  const conns: QuicConn[] = [];
  while (conns.length < connections) conns.push(await listener.accept());
  const send = sender(shape, conns);
  for await (const line of lines()) {
    const [cmd, count] = line.split(" ");
    if (cmd === "go") {
      const objects = Number(count);
      const t0 = performance.now();
      for (let i = 0; i < objects; i++) {
        await sleep(t0 + (i * 1000) / RATE_PER_S - performance.now());
        const p = new Uint8Array(OBJECT_BYTES);
        new DataView(p.buffer).setFloat64(0, nowMs());
        send(i, p, i === objects - 1);
      }
      say({ done: true });
    } else if (cmd === "exit") Deno.exit(0);
  }
}

async function clients(port: number, count: number, certPem: string): Promise<void> {
  let latencies: number[] = [];
  const got = (p: Uint8Array, offset: number, at: number) => {
    const sent = new DataView(p.buffer, p.byteOffset + offset, 8).getFloat64(0);
    latencies.push(Math.round((at - sent) * 100) / 100);
  };
  // One reader per stream; payloads are OBJECT_BYTES back to back, split anywhere.
  // BYOB reads of READ_BYTES, as the fan-out bench's subscribers read (a default
  // reader of Deno's QUIC stream allocates and zeroes 64 KiB per read).
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const head = new Uint8Array(8);
    let at = 0; // offset within the current payload
    try {
      const reader = stream.getReader({ mode: "byob" });
      for (;;) {
        const { value: chunk, done } = await reader.read(new Uint8Array(READ_BYTES));
        if (done || chunk === undefined) return;
        const now = nowMs();
        for (let i = 0; i < chunk.length; ) {
          if (at < 8) {
            const n = Math.min(8 - at, chunk.length - i);
            head.set(chunk.subarray(i, i + n), at);
            if (at + n === 8) got(head, 0, now);
          }
          const step = Math.min(OBJECT_BYTES - at, chunk.length - i);
          i += step;
          at = (at + step) % OBJECT_BYTES;
        }
      }
    } catch {
      // connection gone
    }
  };
  for (let at = 0; at < count; at += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - at) }, async () => {
        const conn = await Deno.connectQuic({
          hostname: "127.0.0.1",
          port,
          alpnProtocols: [ALPN],
          caCerts: [certPem],
        });
        void (async () => {
          const streams = conn.incomingUnidirectionalStreams.getReader();
          for (;;) {
            const { value, done } = await streams.read();
            if (done) return;
            void drain(value);
          }
        })().catch(() => undefined);
        void (async () => {
          for (;;) got(await conn.readDatagram(), 0, nowMs());
        })().catch(() => undefined);
      }),
    );
  }
  say({ ready: true });
  for await (const line of lines()) {
    if (line === "report") {
      say({ delivered: latencies.length, latenciesMs: latencies } satisfies FloorReport);
      latencies = [];
    } else if (line === "exit") Deno.exit(0);
  }
}

if ((import.meta as { main?: boolean }).main) {
  const [role, a, b, c] = Deno.args;
  try {
    if (role === "server") await server(a as FloorShape, Number(b));
    else await clients(Number(a), Number(b), await Deno.readTextFile(c!));
  } catch (e) {
    say({ error: e instanceof Error ? e.message : String(e) });
    Deno.exit(1);
  }
}
