import { describe, expect, it } from "vitest";
import { isSessionCloseError, streamError, streamErrorCodeOf, TransportError } from "./errors.ts";
import { createTransportPair } from "./memory.ts";

async function first<T>(stream: ReadableStream<T>): Promise<T> {
  const reader = stream.getReader();
  const { value, done } = await reader.read();
  reader.releaseLock();
  if (done) throw new Error("stream ended");
  return value;
}

async function chunks<T>(stream: ReadableStream<T>): Promise<T[]> {
  const reader = stream.getReader();
  const out: T[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  return (await chunks(stream)).flatMap((c) => Array.from(c));
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

describe("createTransportPair", () => {
  it("reports the negotiated protocol on both ends", () => {
    const [a, b] = createTransportPair({ protocol: "moqt-16" });
    expect(a.protocol).toBe("moqt-16");
    expect(b.protocol).toBe("moqt-16");
  });

  it("carries a unidirectional stream to the peer and ends it with FIN", async () => {
    const [a, b] = createTransportPair();
    const send = await a.createUnidirectionalStream({ sendOrder: 7 });
    expect(send.sendOrder).toBe(7);
    const w = send.getWriter();
    const buf = new Uint8Array([1, 2, 3]);
    await w.write(buf);
    buf[0] = 9; // the pipe copied the chunk
    await w.write(new Uint8Array([4]));
    await w.close();
    expect(await readAll(await first(b.incomingUnidirectionalStreams))).toEqual([1, 2, 3, 4]);
  });

  it("carries both halves of a bidirectional stream", async () => {
    const [a, b] = createTransportPair();
    const local = await a.createBidirectionalStream();
    const remote = await first(b.incomingBidirectionalStreams);
    const lw = local.writable.getWriter();
    const rw = remote.writable.getWriter();
    await lw.write(new Uint8Array([1]));
    await lw.close();
    await rw.write(new Uint8Array([2]));
    await rw.close();
    expect(await readAll(remote.readable)).toEqual([1]);
    expect(await readAll(local.readable)).toEqual([2]);
  });

  it("delivers a reset with its error code to the reader", async () => {
    const [a, b] = createTransportPair();
    const w = (await a.createUnidirectionalStream()).getWriter();
    await w.write(new Uint8Array([1]));
    await w.abort(streamError(5));
    const e = await failure(readAll(await first(b.incomingUnidirectionalStreams)));
    expect(streamErrorCodeOf(e)).toBe(5);
  });

  it("delivers STOP_SENDING with its error code to the writer", async () => {
    const [a, b] = createTransportPair();
    const w = (await a.createUnidirectionalStream()).getWriter();
    const incoming = await first(b.incomingUnidirectionalStreams);
    await incoming.cancel(streamError(3));
    const e = await failure(w.write(new Uint8Array([1])));
    expect(streamErrorCodeOf(e)).toBe(3);
  });

  it("makes write() wait once the stream window is full", async () => {
    const [a, b] = createTransportPair({ streamWindowBytes: 4 });
    const w = (await a.createUnidirectionalStream()).getWriter();
    let written = false;
    const pending = w.write(new Uint8Array(8)).then(() => {
      written = true;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(written).toBe(false);
    const reader = (await first(b.incomingUnidirectionalStreams)).getReader();
    await reader.read();
    await pending;
    expect(written).toBe(true);
  });

  it("delivers datagrams and drops over-size ones", async () => {
    const [a, b] = createTransportPair({ maxDatagramSize: 4 });
    const w = a.datagrams.writable.getWriter();
    await w.write(new Uint8Array([1, 2, 3, 4, 5]));
    await w.write(new Uint8Array([6]));
    expect(Array.from(await first(b.datagrams.readable))).toEqual([6]);
  });

  it("drops datagrams arriving at a full queue", async () => {
    const [a, b] = createTransportPair({ datagramQueue: 2 });
    const w = a.datagrams.writable.getWriter();
    for (let i = 0; i < 5; i++) await w.write(new Uint8Array([i]));
    a.close();
    expect((await chunks(b.datagrams.readable)).map((d) => d[0])).toEqual([0, 1]);
  });

  it("propagates close with code and reason and tears streams down", async () => {
    const [a, b] = createTransportPair();
    const w = (await a.createUnidirectionalStream()).getWriter();
    const incoming = await first(b.incomingUnidirectionalStreams);
    b.close({ closeCode: 3, reason: "bye" });
    expect(await a.closed).toEqual({ closeCode: 3, reason: "bye" });
    expect(await b.closed).toEqual({ closeCode: 3, reason: "bye" });
    expect(isSessionCloseError(await failure(w.write(new Uint8Array([1]))))).toBe(true);
    expect(isSessionCloseError(await failure(readAll(incoming)))).toBe(true);
    await expect(a.createUnidirectionalStream()).rejects.toBeInstanceOf(TransportError);
    // The incoming stream queues end cleanly.
    expect(await b.incomingUnidirectionalStreams.getReader().read()).toEqual({
      done: true,
      value: undefined,
    });
  });

  it("rejects closed on both ends when the connection is lost", async () => {
    const [a, b] = createTransportPair();
    a.simulateConnectionLoss();
    await expect(a.closed).rejects.toMatchObject({ code: "TRANSPORT_LOST" });
    await expect(b.closed).rejects.toMatchObject({ code: "TRANSPORT_LOST" });
  });

  it("a silent loss swallows everything, then reports LOST after the idle timeout", async () => {
    const [a, b] = createTransportPair();
    const bReader = b.incomingUnidirectionalStreams.getReader();
    const before = await a.createUnidirectionalStream();
    const inbound = (await bReader.read()).value!.getReader();
    let settled = false;
    void a.closed.catch(() => {
      settled = true;
    });
    a.simulateSilentLoss(60);
    // Writes and FIN "succeed" locally but nothing arrives; new streams never show up.
    const w = before.getWriter();
    await w.write(new Uint8Array([1, 2, 3]));
    await w.close();
    const later = await a.createUnidirectionalStream();
    await later.getWriter().write(new Uint8Array([4]));
    await a.datagrams.writable.getWriter().write(new Uint8Array([5]));
    const read = inbound.read();
    const nextStream = bReader.read();
    const datagram = b.datagrams.readable.getReader().read();
    let arrived = false;
    for (const p of [read, nextStream, datagram]) {
      void p.then(
        (r) => {
          if (!r.done) arrived = true;
        },
        () => undefined,
      );
    }
    await new Promise((r) => setTimeout(r, 30));
    expect(arrived).toBe(false);
    expect(settled).toBe(false);
    await expect(a.closed).rejects.toMatchObject({ code: "TRANSPORT_LOST" });
    await expect(b.closed).rejects.toMatchObject({ code: "TRANSPORT_LOST" });
    await expect(read).rejects.toBeDefined();
    expect(arrived).toBe(false);
  });
});
