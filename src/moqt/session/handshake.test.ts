import { describe, expect, it } from "vitest";
import { createTransportPair } from "../../transport/memory.ts";
import { encodeControl } from "../wire/control.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { Version } from "../wire/version.ts";
import { MoqtSessionError } from "./errors.ts";
import { MoqtSession } from "./session.ts";
import { rawServer, sessionPair } from "./testing/session-pair.ts";

async function failure(p: Promise<unknown>): Promise<MoqtSessionError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MoqtSessionError) return e;
    throw e;
  }
  throw new Error("expected a MoqtSessionError");
}

describe("SETUP handshake", () => {
  it("draft-16: the transport protocol picks the version", async () => {
    const { client, server } = await sessionPair({
      protocol: "moqt-16",
      client: { setupParameters: { implementation: "client/1" }, initialPeerRequests: 7 },
    });
    expect(client.version).toBe(Version.DRAFT_16);
    expect(server.version).toBe(Version.DRAFT_16);
    expect(client.role).toBe("client");
    expect(server.role).toBe("server");
    expect(server.peerSetup.implementation).toBe("client/1");
    // 7 server requests: IDs 1, 3, ..., 13, so MAX_REQUEST_ID 14.
    expect(server.peerSetup.maxRequestId).toBe(14);
    // 100 client requests by default: IDs 0, 2, ..., 198.
    expect(client.peerSetup.maxRequestId).toBe(199);
    client.close();
  });

  for (const protocol of ["moq-00", ""]) {
    it(`draft-14: versions travel in SETUP over protocol "${protocol}"`, async () => {
      const { client, server } = await sessionPair({ protocol });
      expect(client.version).toBe(Version.DRAFT_14);
      expect(server.version).toBe(Version.DRAFT_14);
      client.close();
    });
  }

  it("draft-14: the client offers its versions, the server answers with one", async () => {
    const raw = await rawServer(Version.DRAFT_14);
    expect(raw.setup).toMatchObject({ kind: "clientSetup", versions: [Version.DRAFT_14] });
    expect((await raw.client).version).toBe(Version.DRAFT_14);
  });

  it("fails with VERSION_NEGOTIATION_FAILED on both ends when the server has no offered version", async () => {
    const [ct, st] = createTransportPair({ protocol: "moq-00" });
    const [c, s] = await Promise.allSettled([
      MoqtSession.connect(ct),
      MoqtSession.accept(st, { versions: [Version.DRAFT_16] }),
    ]);
    expect(c.status).toBe("rejected");
    expect(s.status).toBe("rejected");
    const code = SessionErrorCode.VERSION_NEGOTIATION_FAILED;
    expect((c as PromiseRejectedResult).reason).toMatchObject({ termination: code });
    expect((s as PromiseRejectedResult).reason).toMatchObject({ termination: code });
    expect(await ct.closed).toMatchObject({ closeCode: code });
    expect(await st.closed).toMatchObject({ closeCode: code });
  });

  it("fails when the transport protocol selects a version this end does not speak", async () => {
    const [ct, st] = createTransportPair({ protocol: "moqt-16" });
    const server = MoqtSession.accept(st);
    const e = await failure(MoqtSession.connect(ct, { versions: [Version.DRAFT_14] }));
    expect(e.termination).toBe(SessionErrorCode.VERSION_NEGOTIATION_FAILED);
    expect((await failure(server)).termination).toBe(SessionErrorCode.VERSION_NEGOTIATION_FAILED);
  });

  it("draft-14: a client closes when the server selects a version it did not offer", async () => {
    const raw = await rawServer(Version.DRAFT_14, {}, () => ({
      kind: "serverSetup",
      selectedVersion: 0xff00000d,
      parameters: {},
    }));
    const e = await failure(raw.client);
    expect(e.termination).toBe(SessionErrorCode.VERSION_NEGOTIATION_FAILED);
    expect(await raw.transport.closed).toMatchObject({ closeCode: e.termination });
  });

  it("closes with INVALID_PATH when a server sends PATH", async () => {
    const raw = await rawServer(Version.DRAFT_16, {}, () => ({
      kind: "serverSetup",
      parameters: { path: "/x" },
    }));
    expect((await failure(raw.client)).termination).toBe(SessionErrorCode.INVALID_PATH);
  });

  it("closes with PROTOCOL_VIOLATION when the first message is not SETUP", async () => {
    const raw = await rawServer(Version.DRAFT_16, {}, () => ({
      kind: "maxRequestId",
      maxRequestId: 4,
    }));
    expect((await failure(raw.client)).termination).toBe(SessionErrorCode.PROTOCOL_VIOLATION);
  });

  it("closes with CONTROL_MESSAGE_TIMEOUT when SERVER_SETUP never comes", async () => {
    const raw = await rawServer(Version.DRAFT_16, { setupTimeoutMs: 30 }, () => undefined);
    expect((await failure(raw.client)).termination).toBe(SessionErrorCode.CONTROL_MESSAGE_TIMEOUT);
    expect(await raw.transport.closed).toMatchObject({
      closeCode: SessionErrorCode.CONTROL_MESSAGE_TIMEOUT,
    });
  });

  it("lets the server refuse a CLIENT_SETUP with its own code", async () => {
    const [ct, st] = createTransportPair({ protocol: "moqt-16" });
    const refuse = () => {
      throw new MoqtSessionError(SessionErrorCode.UNAUTHORIZED, "no token");
    };
    const [c, s] = await Promise.allSettled([
      MoqtSession.connect(ct),
      MoqtSession.accept(st, { onClientSetup: refuse }),
    ]);
    expect((c as PromiseRejectedResult).reason).toMatchObject({
      termination: SessionErrorCode.UNAUTHORIZED,
      reason: "no token",
    });
    expect((s as PromiseRejectedResult).reason).toMatchObject({
      termination: SessionErrorCode.UNAUTHORIZED,
    });
  });

  it("keeps messages that arrive in the same chunk as SERVER_SETUP", async () => {
    const raw = await rawServer(Version.DRAFT_16, {}, () => undefined);
    const setup = encodeControl({ kind: "serverSetup", parameters: {} }, Version.DRAFT_16);
    const more = encodeControl({ kind: "maxRequestId", maxRequestId: 1 }, Version.DRAFT_16);
    raw.channel.sendBytes(new Uint8Array([...setup, ...more]));
    const client = await raw.client;
    const subscribed = client.subscribe({
      trackNamespace: [new Uint8Array([1])],
      trackName: new Uint8Array(),
    });
    let msg = await raw.channel.read();
    while (msg?.kind === "requestsBlocked") msg = await raw.channel.read();
    expect(msg).toMatchObject({ kind: "subscribe", requestId: 0 });
    client.close();
    await expect(subscribed).rejects.toMatchObject({ code: "MOQT_SESSION_CLOSED" });
  });
});
