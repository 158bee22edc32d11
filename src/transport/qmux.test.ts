// The QMux client adapter in Node, against a real `@moq/qmux` server session on
// an in-process WebSocket pair (Node 20 has no WebSocket server without `ws`).
import Session, { selectSubprotocol } from "@moq/qmux";
import { afterEach, describe, expect, it } from "vitest";
import { MoqtSession } from "../moqt/session/index.ts";
import { Version } from "../moqt/wire/index.ts";
import { ConnectError } from "./connect-errors.ts";
import { isSessionCloseError, streamError, streamErrorCodeOf, TransportError } from "./errors.ts";
import { connectQmux, toWebSocketScheme } from "./qmux.ts";
import { fromQmuxSession } from "./qmux-session.ts";
import { qmuxSubprotocols } from "./qmux-subprotocols.ts";
import { type FakeAnswer, type FakeSocket, fakeWebSocketClass } from "./testing/fake-websocket.ts";
import type { MoqTransport } from "./types.ts";
import { ensurePromiseWithResolvers } from "./with-resolvers.ts";

ensurePromiseWithResolvers();

const APP = { protocols: ["moqt-16", "moq-00"], versions: { "moqt-16": null, "moq-00": null } };

interface Server {
  readonly Ctor: ReturnType<typeof fakeWebSocketClass>;
  readonly headers: string[];
  readonly made: FakeSocket[];
  /** Server transports, in accept order. */
  readonly accepted: Promise<MoqTransport>[];
  readonly sockets: FakeSocket[];
}

/** A fake WebSocket server running `@moq/qmux` in the server role. */
function qmuxServer(answer?: (header: string) => FakeAnswer): Server {
  const headers: string[] = [];
  const accepted: Promise<MoqTransport>[] = [];
  const sockets: FakeSocket[] = [];
  const made: FakeSocket[] = [];
  const Ctor = fakeWebSocketClass(
    (_url, header) => {
      headers.push(header);
      if (answer !== undefined) return answer(header);
      const protocol = selectSubprotocol(header, APP);
      return protocol === undefined ? { refuse: "Invalid status code: 400" } : { accept: protocol };
    },
    (socket, protocol) => {
      sockets.push(socket);
      const t = fromQmuxSession(Session.accept(socket, { protocol }));
      accepted.push(t.ready.then(() => t));
    },
    made,
  );
  return { Ctor, headers, made, accepted, sockets };
}

async function pair(protocols = ["moqt-16", "moq-00"]) {
  const server = qmuxServer();
  const client = await connectQmux("http://127.0.0.1:4443/moq", {
    protocols,
    webSocket: server.Ctor,
  });
  const remote = await server.accepted[0]!;
  return { client, remote, server };
}

async function first<T>(s: ReadableStream<T>): Promise<T> {
  const r = s.getReader();
  const { value, done } = await r.read();
  r.releaseLock();
  if (done) throw new Error("ended");
  return value;
}

async function readAll(s: ReadableStream<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  const r = s.getReader();
  for (;;) {
    const { value, done } = await r.read();
    if (done) return out;
    out.push(...value);
  }
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

const open: MoqTransport[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
});

describe("connectQmux", () => {
  it("offers every QMux draft per protocol and reports the chosen application protocol", async () => {
    const { client, remote, server } = await pair(["moq-00", "moqt-16"]);
    open.push(client);
    expect(server.headers[0]).toBe(qmuxSubprotocols(["moq-00", "moqt-16"]).join(","));
    // The server's preference wins: moqt-16 over moq-00, the newest QMux draft.
    expect(server.sockets[0]?.protocol).toBe("qmux-02.moqt-16");
    expect(client.protocol).toBe("moqt-16");
    expect(remote.protocol).toBe("moqt-16");
  });

  it("carries unidirectional and bidirectional streams with FIN", async () => {
    const { client, remote } = await pair();
    open.push(client);
    const w = (await client.createUnidirectionalStream({ sendOrder: 3 })).getWriter();
    await w.write(new Uint8Array([1, 2, 3]));
    await w.close();
    expect(await readAll(await first(remote.incomingUnidirectionalStreams))).toEqual([1, 2, 3]);
    const local = await client.createBidirectionalStream();
    expect(local.writable.sendOrder).toBe(0);
    local.writable.sendOrder = 9;
    expect(local.writable.sendOrder).toBe(9);
    const lw = local.writable.getWriter();
    await lw.write(new Uint8Array([7]));
    await lw.close();
    const peer = await first(remote.incomingBidirectionalStreams);
    const pw = peer.writable.getWriter();
    await pw.write(new Uint8Array([8]));
    await pw.close();
    expect(await readAll(peer.readable)).toEqual([7]);
    expect(await readAll(local.readable)).toEqual([8]);
  });

  it("carries reset and STOP_SENDING codes", async () => {
    const { client, remote } = await pair();
    open.push(client);
    const w = (await client.createUnidirectionalStream()).getWriter();
    await w.write(new Uint8Array([1]));
    const incoming = await first(remote.incomingUnidirectionalStreams);
    await w.abort(streamError(5));
    expect(streamErrorCodeOf(await failure(readAll(incoming)))).toBe(5);

    const w2 = (await client.createUnidirectionalStream()).getWriter();
    await w2.write(new Uint8Array([1]));
    await (await first(remote.incomingUnidirectionalStreams)).cancel(streamError(3));
    let e: unknown;
    for (let i = 0; i < 50 && e === undefined; i++) {
      e = await w2.write(new Uint8Array([2])).then(
        () => new Promise((r) => setTimeout(() => r(undefined), 5)),
        (x: unknown) => x,
      );
    }
    expect(streamErrorCodeOf(e)).toBe(3);
  });

  it("delivers datagrams once the peer allowed them (qmux-02)", async () => {
    const { client, remote } = await pair();
    open.push(client);
    // The size is known once the peer's transport parameters arrived.
    for (let i = 0; i < 100 && client.datagrams.maxDatagramSize === 0; i++) {
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(client.datagrams.maxDatagramSize).toBeGreaterThan(1000);
    await client.datagrams.writable.getWriter().write(new Uint8Array([4, 2]));
    expect([...(await first(remote.datagrams.readable))]).toEqual([4, 2]);
  });

  it("closes both ends with code and reason and tears streams down as a session close", async () => {
    const { client, remote } = await pair();
    const w = (await client.createUnidirectionalStream()).getWriter();
    await w.write(new Uint8Array([1]));
    const incoming = await first(remote.incomingUnidirectionalStreams);
    remote.close({ closeCode: 7, reason: "bye" });
    expect(await client.closed).toEqual({ closeCode: 7, reason: "bye" });
    expect(await remote.closed).toEqual({ closeCode: 7, reason: "bye" });
    expect(isSessionCloseError(await failure(readAll(incoming)))).toBe(true);
    expect(isSessionCloseError(await failure(w.write(new Uint8Array([2]))))).toBe(true);
    await expect(client.createUnidirectionalStream()).rejects.toBeInstanceOf(TransportError);
  });

  it("rejects closed with TRANSPORT_LOST when the socket drops", async () => {
    const { client, remote, server } = await pair();
    server.sockets[0]!.drop();
    await expect(client.closed).rejects.toMatchObject({ code: "TRANSPORT_LOST" });
    await expect(remote.closed).rejects.toMatchObject({ code: "TRANSPORT_LOST" });
  });

  it("runs a MoQT session over it (both drafts)", async () => {
    for (const version of [Version.DRAFT_16, Version.DRAFT_14]) {
      const { client, remote } = await pair(
        version === Version.DRAFT_16 ? ["moqt-16"] : ["moq-00"],
      );
      const accepted = MoqtSession.accept(remote, { versions: [version] });
      const session = await MoqtSession.connect(client, { versions: [version] });
      const server = await accepted;
      expect(session.draft).toBe(version === Version.DRAFT_16 ? 16 : 14);
      expect(server.draft).toBe(session.draft);
      session.close();
      await client.closed;
    }
  });
});

describe("connectQmux failures", () => {
  it("reports a refused upgrade as REJECTED, not retryable", async () => {
    const server = qmuxServer(() => ({ refuse: "Invalid status code: 400" }));
    const e = await failure(connectQmux("ws://127.0.0.1:1/moq", { webSocket: server.Ctor }));
    expect(e).toBeInstanceOf(ConnectError);
    expect(e).toMatchObject({
      failure: "rejected",
      retryable: false,
      code: "TRANSPORT_CONNECT_FAILED",
    });
  });

  it("reports a refused TCP connection as REFUSED, retryable", async () => {
    const server = qmuxServer(() => ({
      refuse: "failed to connect to WebSocket: tcp connect error",
    }));
    const e = await failure(connectQmux("ws://127.0.0.1:1/moq", { webSocket: server.Ctor }));
    expect(e).toMatchObject({ failure: "refused", retryable: true });
  });

  it("gives up after timeoutMs and closes the socket", async () => {
    const server = qmuxServer(() => ({ hang: true }));
    const e = await failure(
      connectQmux("ws://127.0.0.1:1/moq", { webSocket: server.Ctor, timeoutMs: 20 }),
    );
    expect(e).toMatchObject({ failure: "timeout", retryable: true });
    await new Promise((r) => setTimeout(r, 150));
    expect(server.made[0]?.readyState).toBe(3);
  });

  it("stops when the signal aborts", async () => {
    const server = qmuxServer(() => ({ hang: true }));
    const ctl = new AbortController();
    const p = connectQmux("ws://127.0.0.1:1/moq", { webSocket: server.Ctor, signal: ctl.signal });
    ctl.abort();
    expect(await failure(p)).toMatchObject({ failure: "aborted", retryable: false });
    ctl.abort();
    await expect(
      connectQmux("ws://127.0.0.1:1/moq", { webSocket: server.Ctor, signal: ctl.signal }),
    ).rejects.toMatchObject({ failure: "aborted" });
  });

  it("is UNSUPPORTED without any WebSocket class", async () => {
    const g = globalThis as { WebSocket?: unknown };
    const saved = g.WebSocket;
    delete g.WebSocket;
    try {
      await expect(connectQmux("ws://127.0.0.1:1/moq")).rejects.toMatchObject({
        failure: "unsupported",
        code: "TRANSPORT_UNSUPPORTED",
      });
    } finally {
      if (saved !== undefined) g.WebSocket = saved;
    }
  });

  it("maps URL schemes and refuses others", () => {
    expect(toWebSocketScheme("https://h:1/moq?x=1#f").href).toBe("wss://h:1/moq?x=1");
    expect(toWebSocketScheme("http://h/moq").href).toBe("ws://h/moq");
    expect(toWebSocketScheme("ws://h/moq").href).toBe("ws://h/moq");
    expect(() => toWebSocketScheme("ftp://h/")).toThrow(ConnectError);
    expect(() => toWebSocketScheme("nope")).toThrow(ConnectError);
  });
});
