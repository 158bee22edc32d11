// The relay's QMux session against a scripted peer on an in-memory socket:
// parameters first, batching, flow control both ways, stream limits, FIN,
// resets, STOP_SENDING, and CONNECTION_CLOSE codes for malformed input.
// Run: npx deno test -A server/relay/ws/qmux-session.deno.test.ts
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { streamError } from "../../../src/transport/errors.ts";
import { QmuxErrorCode } from "./qmux-error.ts";
import {
  encodeClose,
  encodeDatagram,
  encodeMaxData,
  encodeMaxStreamData,
  encodeMaxStreams,
  encodeParametersFrame,
  encodePing,
  encodeReset,
  encodeStop,
  putStreamHeader,
} from "./qmux-frames.ts";
import { DEFAULT_PARAMETERS, type TransportParameters } from "./qmux-params.ts";
import { QmuxSession, RELAY_PARAMETERS } from "./qmux-session.ts";
import type { WireVersion } from "./qmux-wire.ts";
import { MemorySocket } from "./testing/memory-socket.ts";

const turn = () => new Promise((r) => setTimeout(r, 5));
const bytes = (...b: number[]) => new Uint8Array(b);
const fill = (n: number, v: number) => new Uint8Array(n).fill(v);

function streamFrame(id: number, offset: number, data: Uint8Array, fin = false): Uint8Array {
  const out = new Uint8Array(32 + data.length);
  const at = putStreamHeader(out, 0, "qmux-02", id, offset, data.length, fin);
  out.set(data, at);
  return out.slice(0, at + data.length);
}

const PEER: TransportParameters = {
  ...DEFAULT_PARAMETERS,
  maxIdleTimeoutMs: 0,
  initialMaxData: 1 << 20,
  initialMaxStreamDataUni: 1 << 16,
  initialMaxStreamDataBidiLocal: 1 << 16,
  initialMaxStreamDataBidiRemote: 1 << 16,
  initialMaxStreamsUni: 10,
  initialMaxStreamsBidi: 10,
  maxDatagramFrameSize: 1200,
};

/** A session with its peer's parameters delivered and the session's own drained. */
async function connected(
  o: {
    peer?: Partial<TransportParameters>;
    ours?: Partial<TransportParameters>;
    version?: WireVersion;
  } = {},
) {
  const version = o.version ?? "qmux-02";
  const socket = new MemorySocket(version);
  const session = new QmuxSession(socket.socket, {
    version,
    protocol: "moqt-16",
    parameters: { ...RELAY_PARAMETERS, maxIdleTimeoutMs: 0, ...o.ours },
  });
  await session.ready;
  if (version !== "webtransport") socket.deliver(encodeParametersFrame({ ...PEER, ...o.peer }));
  await turn();
  socket.frames();
  return { socket, session };
}

/** The session closed with CONNECTION_CLOSE `code` and its `closed` rejected. */
async function closesWith(socket: MemorySocket, session: QmuxSession, code: number) {
  await rejects(session.closed);
  const close = socket.frames().find((f) => f.type === "close");
  deepStrictEqual(close && close.type === "close" && [close.application, close.code], [
    false,
    code,
  ]);
  ok(socket.closedByServer, "socket closed");
}

Deno.test("QX_TRANSPORT_PARAMETERS is the first frame sent, as soon as the socket is open", async () => {
  const socket = new MemorySocket("qmux-02");
  const session = new QmuxSession(socket.socket, {
    version: "qmux-02",
    protocol: "",
  });
  await session.ready;
  await turn();
  const [first] = socket.frames();
  deepStrictEqual(first, { type: "params", params: RELAY_PARAMETERS });
  strictEqual(socket.binaryType, "arraybuffer");
  session.close();
});

Deno.test("stream data waits for the peer's parameters, then a turn's writes go out in one record", async () => {
  const socket = new MemorySocket("qmux-02");
  const session = new QmuxSession(socket.socket, {
    version: "qmux-02",
    protocol: "",
  });
  const opened = session.createUnidirectionalStream();
  await turn();
  socket.frames();
  socket.deliver(encodeParametersFrame(PEER));
  const s = await opened;
  const w = s.getWriter();
  const writes = [w.write(bytes(1, 2)), w.write(bytes(3)), w.close()];
  await Promise.all(writes);
  await turn();
  strictEqual(socket.records.length, 1, "one socket send");
  deepStrictEqual(socket.frames(), [
    { type: "stream", id: 3, offset: 0, data: bytes(1, 2, 3), fin: true },
  ]);
  const next = await session.createUnidirectionalStream();
  strictEqual(next.id, 7, "server-initiated unidirectional IDs: 3, 7, 11, …");
  session.close();
});

Deno.test("sending honours MAX_STREAM_DATA and MAX_DATA; writes resolve when framed", async () => {
  const { socket, session } = await connected({
    peer: { initialMaxStreamDataUni: 10, initialMaxData: 15 },
  });
  const a = await session.createUnidirectionalStream();
  const b = await session.createUnidirectionalStream();
  const wa = a.getWriter();
  const wb = b.getWriter();
  let aDone = false;
  const pa = wa.write(fill(25, 0xa)).then(() => (aDone = true));
  void wb.write(fill(10, 0xb));
  await turn();
  // stream a: 10 (its limit); stream b: 5 (what the connection has left)
  deepStrictEqual(
    socket.frames().map((f) => f.type === "stream" && [f.id, f.offset, f.data.length]),
    [
      [3, 0, 10],
      [7, 0, 5],
    ],
  );
  strictEqual(aDone, false, "a's write waits for credit");
  socket.deliver(encodeMaxStreamData(3, 25), encodeMaxData(100));
  await pa;
  await turn();
  deepStrictEqual(
    socket.frames().map((f) => f.type === "stream" && [f.id, f.offset, f.data.length]),
    [
      [3, 10, 15],
      [7, 5, 5],
    ],
  );
  session.close();
});

Deno.test("opening streams waits for MAX_STREAMS", async () => {
  const { socket, session } = await connected({ peer: { initialMaxStreamsUni: 1 } });
  await session.createUnidirectionalStream();
  let second = false;
  const p = session.createUnidirectionalStream().then((s) => {
    second = true;
    return s;
  });
  await turn();
  strictEqual(second, false);
  socket.deliver(encodeMaxStreams(false, 2));
  strictEqual((await p).id, 7);
  session.close();
});

Deno.test("higher sendOrder is framed first within a turn", async () => {
  const { socket, session } = await connected();
  const low = await session.createUnidirectionalStream({ sendOrder: 1 });
  const high = await session.createUnidirectionalStream({ sendOrder: 9 });
  void low.getWriter().write(bytes(1));
  void high.getWriter().write(bytes(2));
  await turn();
  deepStrictEqual(
    socket.frames().map((f) => f.type === "stream" && f.id),
    [high.id, low.id],
  );
  session.close();
});

Deno.test("abort sends RESET_STREAM at the final size; STOP_SENDING is answered with RESET_STREAM", async () => {
  const { socket, session } = await connected();
  const a = await session.createUnidirectionalStream();
  const wa = a.getWriter();
  await wa.write(bytes(1, 2, 3));
  await turn();
  socket.frames();
  const fin = wa.close(); // FIN requested, then a reset in the same turn: the reset wins
  await wa.abort(streamError(7));
  await rejects(fin);
  await turn();
  deepStrictEqual(socket.frames(), [{ type: "reset", id: a.id, code: 7, finalSize: 3 }]);
  const b = await session.createUnidirectionalStream();
  const wb = b.getWriter();
  await wb.write(bytes(4));
  await turn();
  socket.frames();
  socket.deliver(encodeStop(b.id, 9));
  await rejects(wb.closed, (e: { streamErrorCode?: number }) => e.streamErrorCode === 9);
  await rejects(wb.write(bytes(5)));
  await turn();
  deepStrictEqual(socket.frames(), [{ type: "reset", id: b.id, code: 9, finalSize: 1 }]);
  session.close();
});

Deno.test("a peer's stream: data in order, FIN, credit back as the reader consumes", async () => {
  const window = 16;
  const { socket, session } = await connected({
    ours: { initialMaxStreamDataUni: window, initialMaxData: 1024, initialMaxStreamsUni: 2 },
  });
  socket.deliver(streamFrame(2, 0, fill(10, 1)), streamFrame(2, 10, fill(6, 2), true));
  const reader = session.incomingUnidirectionalStreams.getReader();
  const stream = (await reader.read()).value!;
  const r = stream.getReader();
  strictEqual((await r.read()).value?.length, 10);
  strictEqual((await r.read()).value?.length, 6);
  strictEqual((await r.read()).done, true);
  // An ended stream gets no MAX_STREAM_DATA; it frees its slot of the 2-stream
  // limit (half of it used: MAX_STREAMS 3), and so do the next two.
  await turn();
  deepStrictEqual(socket.frames(), [{ type: "max_streams", bidi: false, max: 3 }]);
  socket.deliver(streamFrame(6, 0, bytes(1), true), streamFrame(10, 0, bytes(2), true));
  await reader.read();
  await reader.read();
  await turn();
  deepStrictEqual(socket.frames(), [
    { type: "max_streams", bidi: false, max: 4 },
    { type: "max_streams", bidi: false, max: 5 },
  ]);
  session.close();
});

Deno.test("MAX_STREAM_DATA and MAX_DATA follow the reader", async () => {
  const { socket, session } = await connected({
    ours: { initialMaxStreamDataUni: 16, initialMaxData: 20 },
  });
  socket.deliver(streamFrame(2, 0, fill(12, 1)));
  const stream = (await session.incomingUnidirectionalStreams.getReader().read()).value!;
  await turn();
  deepStrictEqual(socket.frames(), [], "nothing before the reader takes the bytes");
  await stream.getReader().read();
  await turn();
  deepStrictEqual(socket.frames(), [
    { type: "max_data", max: 32 },
    { type: "max_stream_data", id: 2, max: 28 },
  ]);
  session.close();
});

Deno.test("a peer's RESET_STREAM errors the reader with its code; cancel sends STOP_SENDING", async () => {
  const { socket, session } = await connected();
  socket.deliver(streamFrame(2, 0, bytes(1)), streamFrame(6, 0, bytes(2)));
  const incoming = session.incomingUnidirectionalStreams.getReader();
  const s1 = (await incoming.read()).value!;
  const s2 = (await incoming.read()).value!;
  socket.deliver(encodeReset("qmux-02", 2, 5, 1));
  await rejects(
    s1.getReader().read(),
    (e: { streamErrorCode?: number }) => e.streamErrorCode === 5,
  );
  await s2.cancel(streamError(8));
  await turn();
  deepStrictEqual(socket.frames(), [{ type: "stop", id: 6, code: 8 }]);
  session.close();
});

Deno.test("the peer's bidirectional stream: read its request, write the answer", async () => {
  const { socket, session } = await connected();
  socket.deliver(streamFrame(0, 0, bytes(7)));
  const { readable, writable } = (await session.incomingBidirectionalStreams.getReader().read())
    .value!;
  deepStrictEqual((await readable.getReader().read()).value, bytes(7));
  await writable.getWriter().write(bytes(8));
  await turn();
  deepStrictEqual(socket.frames(), [
    { type: "stream", id: 0, offset: 0, data: bytes(8), fin: false },
  ]);
  session.close();
});

Deno.test("malformed input closes the session with the RFC 9000 error code", async (t) => {
  const cases: [string, number, (s: MemorySocket) => void][] = [
    [
      "data past the stream's limit",
      QmuxErrorCode.FLOW_CONTROL_ERROR,
      (s) => s.deliver(streamFrame(2, 0, fill(101, 0))),
    ],
    [
      "a gap in a stream's data",
      QmuxErrorCode.PROTOCOL_VIOLATION,
      (s) => s.deliver(streamFrame(2, 0, bytes(1)), streamFrame(2, 5, bytes(2))),
    ],
    [
      "a stream past MAX_STREAMS",
      QmuxErrorCode.STREAM_LIMIT_ERROR,
      (s) => s.deliver(streamFrame(2 + 4 * RELAY_PARAMETERS.initialMaxStreamsUni, 0, bytes(1))),
    ],
    [
      "data on our unidirectional stream",
      QmuxErrorCode.STREAM_STATE_ERROR,
      (s) => s.deliver(streamFrame(3, 0, bytes(1))),
    ],
    [
      "STOP_SENDING on the peer's unidirectional stream",
      QmuxErrorCode.STREAM_STATE_ERROR,
      (s) => s.deliver(encodeStop(2, 0)),
    ],
    ["an ACK frame", QmuxErrorCode.FRAME_ENCODING_ERROR, (s) => s.deliver(bytes(0x02, 0, 0, 0, 0))],
    [
      "a truncated frame",
      QmuxErrorCode.FRAME_ENCODING_ERROR,
      (s) => s.deliver(bytes(0x0a, 0x02, 0x09, 1)),
    ],
    [
      "a record over max_record_size",
      QmuxErrorCode.FRAME_ENCODING_ERROR,
      (s) => s.deliver(fill(RELAY_PARAMETERS.maxRecordSize + 1, 0)),
    ],
    [
      "a second QX_TRANSPORT_PARAMETERS",
      QmuxErrorCode.PROTOCOL_VIOLATION,
      (s) => s.deliver(encodeParametersFrame(PEER)),
    ],
    [
      "a QX_PING sequence that does not increase",
      QmuxErrorCode.PROTOCOL_VIOLATION,
      (s) => s.deliver(encodePing(false, 4), encodePing(false, 4)),
    ],
    [
      "a DATAGRAM larger than allowed",
      QmuxErrorCode.PROTOCOL_VIOLATION,
      (s) => s.deliver(encodeDatagram(fill(99, 0))),
    ],
  ];
  for (const [what, code, send] of cases) {
    await t.step(what, async () => {
      const { socket, session } = await connected({
        ours: { initialMaxStreamDataUni: 100, maxDatagramFrameSize: 100 },
      });
      send(socket);
      await closesWith(socket, session, code);
    });
  }
  await t.step("qmux-02: a first frame other than QX_TRANSPORT_PARAMETERS", async () => {
    const socket = new MemorySocket("qmux-02");
    const session = new QmuxSession(socket.socket, {
      version: "qmux-02",
      protocol: "",
    });
    await session.ready;
    socket.deliver(encodeMaxData(5));
    await closesWith(socket, session, QmuxErrorCode.PROTOCOL_VIOLATION);
  });
  await t.step("the pre-QMux framing: a stream far past what may be open", async () => {
    const { socket, session } = await connected({ version: "webtransport" });
    socket.deliver(bytes(0x08, 0x80, 0x01, 0x00, 0x02, 1)); // STREAM on stream 65538 (index 16384)
    await closesWith(socket, session, QmuxErrorCode.STREAM_LIMIT_ERROR);
  });
  await t.step("a text message", async () => {
    const { socket, session } = await connected();
    socket.deliverText("hello");
    await closesWith(socket, session, QmuxErrorCode.PROTOCOL_VIOLATION);
  });
});

Deno.test("QX_PING is answered; datagrams flow both ways", async () => {
  const { socket, session } = await connected();
  socket.deliver(encodePing(false, 3), encodeDatagram(bytes(9, 9)));
  deepStrictEqual((await session.datagrams.readable.getReader().read()).value, bytes(9, 9));
  ok(session.datagrams.maxDatagramSize > 1000 && session.datagrams.maxDatagramSize < 1200);
  await session.datagrams.writable.getWriter().write(bytes(4));
  await turn();
  deepStrictEqual(socket.frames(), [
    { type: "ping", response: true, sequence: 3 },
    { type: "datagram", data: bytes(4), frameBytes: 3 },
  ]);
  session.close();
});

Deno.test("close() sends APPLICATION_CLOSE; the peer's fulfils closed, CONNECTION_CLOSE rejects it", async () => {
  const a = await connected();
  const open = await a.session.createUnidirectionalStream();
  const w = open.getWriter();
  void w.write(bytes(7));
  a.session.close({ closeCode: 3, reason: "bye" });
  deepStrictEqual(await a.session.closed, { closeCode: 3, reason: "bye" });
  // What was written before close() goes out first.
  deepStrictEqual(a.socket.frames(), [
    { type: "stream", id: open.id, offset: 0, data: bytes(7), fin: false },
    { type: "close", application: true, code: 3, reason: "bye" },
  ]);
  await rejects(w.write(bytes(1)), (e: { source?: string }) => e.source === "session");
  await rejects(a.session.createUnidirectionalStream());

  const b = await connected();
  b.socket.deliver(encodeClose("qmux-02", true, 4, "done"));
  deepStrictEqual(await b.session.closed, { closeCode: 4, reason: "done" });
  const c = await connected();
  c.socket.deliver(encodeClose("qmux-02", false, 0x0a, "bad"));
  await rejects(c.session.closed);
});

Deno.test("the pre-QMux framing: no parameters, no limits, one frame per message", async () => {
  const { socket, session } = await connected({ version: "webtransport" });
  const s = await session.createUnidirectionalStream();
  const w = s.getWriter();
  await Promise.all([w.write(bytes(1, 2)), w.close()]);
  socket.deliver(bytes(0x09, 0x02, 5, 6)); // STREAM + FIN on the peer's stream 2, payload to the end
  const r = (await session.incomingUnidirectionalStreams.getReader().read()).value!.getReader();
  deepStrictEqual((await r.read()).value, bytes(5, 6));
  await turn();
  deepStrictEqual(socket.records, [bytes(0x09, 0x03, 1, 2)]);
  session.close();
});
