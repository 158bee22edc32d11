// The relay over HTTP/3 + WebTransport under malformed input (Deno): one raw QUIC
// connection per input (`Deno.connectQuic`, ALPN h3) carrying malformed control
// and QPACK streams, request streams, capsules after an accepted CONNECT,
// WebTransport streams and datagrams for sessions that do not exist, mutated MoQT
// inside a real WebTransport session, and CONNECTs left half-sent. After each
// batch: the QMux checks of `checkRelay`, plus a fresh CONNECT must get 200.
import { generateCertificate } from "../server/relay/h3/certificate.ts";
import { encodeDatagram } from "../server/relay/h3/datagram.ts";
import { FrameType } from "../server/relay/h3/frame.ts";
import { decodeFieldSection } from "../server/relay/h3/qpack.ts";
import { StreamReader } from "../server/relay/h3/stream-reader.ts";
import { bounded, ServerProcess } from "../server/tests/process.ts";
import { type BatchReport, checkRelay, sleep, stopRelay } from "./checks.ts";
import { buildCorpus, type Seed } from "./corpus.ts";
import {
  CONTROL_STREAM,
  capsuleStream,
  concat,
  connectFields,
  controlStream,
  headersFrame,
  requestStream,
  strayDatagram,
  uniStream,
  unknownSessionId,
  wtStreamHeader,
} from "./h3-inputs.ts";
import { mutate, Rng } from "./mutate.ts";
import { FaultWatch } from "./rejections.ts";

/** The kinds of input, one QUIC connection each. */
export const H3_KINDS = [
  "control",
  "uni-stream",
  "request",
  "capsule",
  "unknown-session",
  "datagram",
  "moqt-in-session",
  "stalled-connect",
] as const;
export type Kind = (typeof H3_KINDS)[number];

/** Per-kind counts of one run: inputs sent, and inputs whose client side did not finish in time. */
export interface H3Report {
  readonly batches: BatchReport[];
  readonly inputsByKind: Record<Kind, number>;
  /** Inputs whose connection could not be made or used within 5 s. */
  readonly hangs: number;
  /** CONNECTs the relay accepted (200) before the malformed part: the session layer was reached. */
  readonly sessionsOpened: number;
  /** The relay's log events (warn and above) by name: what the inputs provoked. */
  readonly relayEvents: Record<string, number>;
}

interface Target {
  readonly port: number;
  readonly caPem: string;
}

async function dial(t: Target): Promise<Deno.QuicConn> {
  return await Deno.connectQuic({
    hostname: "127.0.0.1",
    port: t.port,
    serverName: "localhost",
    caCerts: [t.caPem],
    alpnProtocols: ["h3"],
  });
}

async function writeUni(conn: Deno.QuicConn, bytes: Uint8Array, fin = true): Promise<void> {
  const w = (await conn.createUnidirectionalStream()).getWriter();
  await w.write(bytes);
  if (fin) await w.close();
}

/** Sends a valid CONNECT and reads the response status; the stream stays open. */
let sessionsOpened = 0;

async function openSession(conn: Deno.QuicConn) {
  await writeUni(conn, CONTROL_STREAM, false);
  const stream = await conn.createBidirectionalStream();
  const writer = stream.writable.getWriter();
  await writer.write(headersFrame(connectFields()));
  const frame = await new StreamReader(stream.readable).frame(4096);
  const status =
    frame?.type === FrameType.HEADERS
      ? new Map(decodeFieldSection(frame.payload)).get(":status")
      : undefined;
  if (status === "200") sessionsOpened++;
  return { id: Number(stream.writable.id), writer, status };
}

/** One input of `kind` on a fresh connection; the relay may close it at any point. */
async function send(t: Target, kind: Kind, rng: Rng, corpus: readonly Seed[]): Promise<void> {
  const conn = await dial(t);
  try {
    switch (kind) {
      case "control":
        await writeUni(conn, controlStream(rng), rng.below(2) === 0);
        break;
      case "uni-stream":
        await writeUni(conn, CONTROL_STREAM, false);
        await writeUni(conn, uniStream(rng));
        break;
      case "request": {
        await writeUni(conn, CONTROL_STREAM, false);
        const w = (await conn.createBidirectionalStream()).writable.getWriter();
        await w.write(requestStream(rng));
        if (rng.below(2) === 0) await w.close();
        break;
      }
      case "capsule": {
        const s = await openSession(conn);
        await s.writer.write(capsuleStream(rng));
        if (rng.below(2) === 0) await s.writer.close();
        break;
      }
      case "unknown-session": {
        await writeUni(conn, CONTROL_STREAM, false);
        const bidi = rng.below(2) === 0;
        const bytes = concat(
          wtStreamHeader(bidi, unknownSessionId(rng)),
          mutate(corpus[0]!.bytes, rng),
        );
        if (bidi) await (await conn.createBidirectionalStream()).writable.getWriter().write(bytes);
        else await writeUni(conn, bytes);
        break;
      }
      case "datagram": {
        await openSession(conn);
        for (let i = 0; i < 4; i++) await conn.sendDatagram(strayDatagram(rng));
        break;
      }
      case "moqt-in-session": {
        const s = await openSession(conn);
        const seed = corpus[rng.below(corpus.length)]!;
        const bytes = mutate(seed.bytes, rng);
        if (seed.target === "control") {
          const w = (await conn.createBidirectionalStream()).writable.getWriter();
          await w.write(concat(wtStreamHeader(true, s.id), bytes));
        } else if (seed.target === "stream") {
          await writeUni(conn, concat(wtStreamHeader(false, s.id), bytes));
        } else {
          await conn.sendDatagram(encodeDatagram(s.id, bytes));
        }
        break;
      }
      case "stalled-connect": {
        await writeUni(conn, CONTROL_STREAM, false);
        const w = (await conn.createBidirectionalStream()).writable.getWriter();
        const bytes = headersFrame(connectFields());
        await w.write(bytes.subarray(0, 1 + rng.below(bytes.length - 1)));
        await sleep(300);
        break;
      }
    }
    await Promise.race([conn.closed, sleep(100)]);
  } catch {
    // the relay closed the connection or a stream: the expected outcome for most inputs
  } finally {
    try {
      conn.close({ closeCode: 0, reason: "" });
    } catch {
      // already closed
    }
  }
}

/** A fresh connection still gets a WebTransport session (`:status` 200). */
async function freshConnect(t: Target): Promise<string | undefined> {
  const conn = await dial(t);
  try {
    return (await openSession(conn)).status;
  } finally {
    conn.close({ closeCode: 0, reason: "" });
  }
}

/** Runs `batches` batches of `perBatch` HTTP/3 inputs against a fresh relay process. */
export async function fuzzH3(
  batches: number,
  perBatch: number,
  seed = 1,
  kinds: readonly Kind[] = H3_KINDS,
): Promise<H3Report> {
  const certificate = await generateCertificate();
  const dir = await Deno.makeTempDir({ prefix: "fuzz-h3-" });
  await Deno.writeTextFile(`${dir}/cert.pem`, certificate.certPem);
  await Deno.writeTextFile(`${dir}/key.pem`, certificate.keyPem);
  const corpus = buildCorpus(30, seed);
  const rng = new Rng(seed);
  const inputsByKind = Object.fromEntries(H3_KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  let hangs = 0;
  sessionsOpened = 0;
  const server = await ServerProcess.start([
    ...["--port", "0", "--no-auth", "--ephemeral", "--no-rtmp", "--log-level", "warn"],
    ...["--cert", `${dir}/cert.pem`, "--key", `${dir}/key.pem`],
  ]);
  const target = { port: server.port, caPem: certificate.certPem };
  const faults = new FaultWatch(server);
  const batchReports: BatchReport[] = [];
  // The fuzzer's own QMux check sessions print each violation the relay answers with.
  const consoleError = console.error;
  console.error = () => {};
  try {
    for (let batch = 0; batch < batches; batch++) {
      const jobs: Promise<void>[] = [];
      for (let i = 0; i < perBatch; i++) {
        const kind = kinds[rng.below(kinds.length)]!;
        inputsByKind[kind]++;
        jobs.push(
          bounded(send(target, kind, rng, corpus), 5_000, kind).catch(() => {
            hangs++;
          }),
        );
        if (jobs.length >= 8) await Promise.all(jobs.splice(0));
      }
      await Promise.all(jobs);
      const report = await checkRelay(server, faults, batch, perBatch);
      const status = await bounded(freshConnect(target), 5_000, "fresh CONNECT").catch(
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      batchReports.push(
        status === "200"
          ? report
          : { ...report, problems: [...report.problems, `fresh CONNECT: ${status}`] },
      );
    }
  } finally {
    console.error = consoleError;
    batchReports.push(...(await stopRelay(server, faults)));
    await Deno.remove(dir, { recursive: true });
  }
  const relayEvents: Record<string, number> = {};
  for (const r of server.logs) relayEvents[r.event] = (relayEvents[r.event] ?? 0) + 1;
  return {
    batches: batchReports,
    inputsByKind,
    hangs,
    sessionsOpened: sessionsOpened - batches,
    relayEvents,
  };
}
