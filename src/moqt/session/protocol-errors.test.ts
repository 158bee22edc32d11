import { describe, expect, it } from "vitest";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { Version } from "../wire/version.ts";
import { MoqtUsageError } from "./errors.ts";
import { protocolOf, rawClient, rawServer, sessionPair } from "./testing/session-pair.ts";

const PV = SessionErrorCode.PROTOCOL_VIOLATION;

for (const version of [Version.DRAFT_14, Version.DRAFT_16]) {
  describe(`protocol errors, ${protocolOf(version)}`, () => {
    it("malformed control bytes close the session with PROTOCOL_VIOLATION, seen on both ends", async () => {
      const raw = await rawClient(version);
      // MAX_REQUEST_ID whose Length (3) leaves a byte after its one field.
      raw.channel.sendBytes(new Uint8Array([0x15, 0x00, 0x03, 0x41, 0x2c, 0x00]));
      const serverEnd = await raw.server.closed;
      expect(serverEnd).toMatchObject({ code: PV, remote: false });
      expect(serverEnd.reason).toMatch(/bytes left after the last field/);
      expect(await raw.transport.closed).toEqual({ closeCode: PV, reason: serverEnd.reason });
    });

    it("an unknown message type closes the session", async () => {
      const raw = await rawClient(version);
      raw.channel.sendBytes(new Uint8Array([0x3f, 0x00, 0x00]));
      expect(await raw.server.closed).toMatchObject({ code: PV });
    });

    it("a message split across many chunks is reassembled", async () => {
      const raw = await rawClient(version);
      const closed = raw.server.closed;
      // GOAWAY with a 3-byte URI, one byte per write: the raw client is the client, so
      // the server must close for the non-empty URI, which proves it decoded the whole message.
      for (const b of [0x10, 0x00, 0x04, 0x03, 0x2f, 0x61, 0x62])
        raw.channel.sendBytes(new Uint8Array([b]));
      expect(await closed).toMatchObject({
        code: PV,
        reason: "GOAWAY from a client carries a URI",
      });
    });

    it("a second GOAWAY closes the session with PROTOCOL_VIOLATION", async () => {
      const { client, server } = await sessionPair({ protocol: protocolOf(version) });
      const seen: string[] = [];
      client.on("goAway", (e) => seen.push(e.newSessionUri));
      server.goAway("https://elsewhere.example/moq");
      await expect.poll(() => seen).toEqual(["https://elsewhere.example/moq"]);
      expect(client.isClosed).toBe(false);
      // New requests are refused locally once the peer is going away.
      await expect(
        client.trackStatus({ trackNamespace: [new Uint8Array([1])], trackName: new Uint8Array() }),
      ).rejects.toMatchObject({
        code: "MOQT_GOING_AWAY",
      });
      // The API refuses to send a second one; a peer that does is closed on.
      expect(() => server.goAway()).toThrow(MoqtUsageError);
      const raw = await rawServer(version);
      const rawSession = await raw.client;
      raw.channel.send({ kind: "goAway", newSessionUri: "" });
      raw.channel.send({ kind: "goAway", newSessionUri: "" });
      expect(await rawSession.closed).toMatchObject({
        code: PV,
        reason: "received a second GOAWAY",
      });
      expect(await raw.transport.closed).toMatchObject({ closeCode: PV });
      client.close();
    });

    it("a client may not send GOAWAY with a URI", async () => {
      const { client } = await sessionPair({ protocol: protocolOf(version) });
      expect(() => client.goAway("x")).toThrow(MoqtUsageError);
      client.goAway();
      client.close();
    });

    it("a response to no request closes the session", async () => {
      const raw = await rawServer(version);
      const session = await raw.client;
      raw.channel.send({ kind: "fetchCancel", requestId: 0 });
      raw.channel.send(
        version === Version.DRAFT_16
          ? { kind: "requestOk", requestId: 0, parameters: {} }
          : { kind: "subscribeError", requestId: 0, errorCode: 0, reason: "" },
      );
      expect(await session.closed).toMatchObject({ code: PV });
    });

    it("SETUP after the handshake closes the session", async () => {
      const raw = await rawServer(version);
      const session = await raw.client;
      raw.channel.send({
        kind: "serverSetup",
        ...(version === Version.DRAFT_14 && { selectedVersion: version }),
        parameters: {},
      });
      expect(await session.closed).toMatchObject({ code: PV, reason: "SETUP after the handshake" });
    });

    it("ending the control stream closes the session with PROTOCOL_VIOLATION", async () => {
      const raw = await rawServer(version);
      const session = await raw.client;
      raw.channel.finish();
      expect(await session.closed).toMatchObject({ code: PV });
    });

    it("a peer's close reaches the session with its code and reason", async () => {
      const { client, server } = await sessionPair({ protocol: protocolOf(version) });
      const events: unknown[] = [];
      server.on("close", (e) => events.push(e));
      client.close(SessionErrorCode.NO_ERROR, "done");
      expect(await server.closed).toEqual({ code: 0, reason: "done", remote: true });
      expect(await client.closed).toEqual({ code: 0, reason: "done", remote: false });
      expect(events).toEqual([{ code: 0, reason: "done", remote: true }]);
    });
  });
}

describe("bidirectional streams after the control stream", () => {
  it("draft-14: any closes the session", async () => {
    const raw = await rawClient(Version.DRAFT_14);
    await raw.transport.createBidirectionalStream();
    expect(await raw.server.closed).toMatchObject({ code: PV });
  });

  it("draft-16: one not starting with SUBSCRIBE_NAMESPACE closes the session", async () => {
    const raw = await rawClient(Version.DRAFT_16);
    const stream = await raw.transport.createBidirectionalStream();
    const w = stream.writable.getWriter();
    await w.write(new Uint8Array([0x15, 0x00, 0x01, 0x05])); // MAX_REQUEST_ID
    expect(await raw.server.closed).toMatchObject({ code: PV });
  });

  it("a connection lost without a close ends the session with INTERNAL_ERROR", async () => {
    const { client, clientTransport } = await sessionPair();
    clientTransport.simulateConnectionLoss();
    expect(await client.closed).toMatchObject({
      code: SessionErrorCode.INTERNAL_ERROR,
      reason: "transport lost",
      remote: true,
    });
  });
});
