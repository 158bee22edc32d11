import { describe, expect, it } from "vitest";
import type { ControlMessage } from "../wire/control.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { Version } from "../wire/version.ts";
import type { MoqtSessionOptions } from "./options.ts";
import { protocolOf, rawClient, sessionPair } from "./testing/session-pair.ts";

const enc = new TextEncoder();
const track = { trackNamespace: [enc.encode("t")], trackName: enc.encode("n") };

function trackStatus(requestId: number): ControlMessage {
  return { kind: "trackStatus", requestId, ...track, parameters: {} };
}

const limited = (seen: number[], peerRequests: number): MoqtSessionOptions => ({
  initialPeerRequests: peerRequests,
  autoGrantRequests: false,
  handler: {
    trackStatus: (req) => {
      seen.push(req.requestId);
      return undefined;
    },
  },
});

for (const version of [Version.DRAFT_14, Version.DRAFT_16]) {
  describe(`request flow control, ${protocolOf(version)}`, () => {
    it("queues requests past MAX_REQUEST_ID, reports REQUESTS_BLOCKED once per limit, resumes on MAX_REQUEST_ID", async () => {
      const seen: number[] = [];
      const { client, server } = await sessionPair({
        protocol: protocolOf(version),
        server: limited(seen, 2),
      });
      const blocked: number[] = [];
      server.on("requestsBlocked", (e) => blocked.push(e.maximumRequestId));
      const requests = Array.from({ length: 5 }, () => client.trackStatus(track));
      await Promise.all(requests.slice(0, 2));
      // Two requests fit (IDs 0 and 2 under MAX_REQUEST_ID 3); the others wait.
      await expect.poll(() => blocked).toEqual([3]);
      expect(seen).toEqual([0, 2]);

      server.grantRequests(1);
      await requests[2];
      expect(seen).toEqual([0, 2, 4]);
      // Still blocked under the new limit: reported once more, with that limit.
      await expect.poll(() => blocked).toEqual([3, 5]);

      server.grantRequests(10);
      const ids = (await Promise.all(requests)).map((r) => r.requestId);
      expect(ids).toEqual([0, 2, 4, 6, 8]);
      expect(seen).toEqual(ids);
      expect(blocked).toEqual([3, 5]);
      client.close();
    });

    it("a request withdrawn while it waits is never sent and uses no Request ID", async () => {
      const seen: number[] = [];
      const { client, server } = await sessionPair({
        protocol: protocolOf(version),
        server: limited(seen, 1),
      });
      await client.trackStatus(track);
      const abort = new AbortController();
      const waiting = client.trackStatus(track, { signal: abort.signal });
      const next = client.trackStatus(track);
      abort.abort();
      await expect(waiting).rejects.toMatchObject({ code: "MOQT_REQUEST_ABORTED", fatal: false });
      server.grantRequests(1);
      expect((await next).requestId).toBe(2);
      expect(seen).toEqual([0, 2]);
      client.close();
    });

    it("tops the peer's allowance up automatically by default", async () => {
      const { client } = await sessionPair({
        protocol: protocolOf(version),
        server: { initialPeerRequests: 4, handler: { trackStatus: () => undefined } },
      });
      const ids = (
        await Promise.all(Array.from({ length: 25 }, () => client.trackStatus(track)))
      ).map((r) => r.requestId);
      expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => 2 * i));
      client.close();
    });

    it("closes with TOO_MANY_REQUESTS when the peer exceeds MAX_REQUEST_ID", async () => {
      const seen: number[] = [];
      const raw = await rawClient(version, limited(seen, 1));
      raw.channel.send(trackStatus(0));
      expect(await raw.channel.read()).toMatchObject({ requestId: 0 });
      raw.channel.send(trackStatus(2));
      expect(await raw.server.closed).toMatchObject({ code: SessionErrorCode.TOO_MANY_REQUESTS });
      expect(await raw.transport.closed).toMatchObject({
        closeCode: SessionErrorCode.TOO_MANY_REQUESTS,
      });
    });

    it("closes with INVALID_REQUEST_ID on the wrong parity", async () => {
      const raw = await rawClient(version);
      raw.channel.send(trackStatus(1));
      expect(await raw.server.closed).toMatchObject({ code: SessionErrorCode.INVALID_REQUEST_ID });
    });

    it("closes with INVALID_REQUEST_ID on a reused Request ID", async () => {
      const raw = await rawClient(version);
      raw.channel.send(trackStatus(0));
      raw.channel.send(trackStatus(0));
      expect(await raw.server.closed).toMatchObject({ code: SessionErrorCode.INVALID_REQUEST_ID });
    });

    it("closes with PROTOCOL_VIOLATION when MAX_REQUEST_ID does not increase", async () => {
      const raw = await rawClient(version);
      raw.channel.send({ kind: "maxRequestId", maxRequestId: 100 });
      expect(await raw.server.closed).toMatchObject({ code: SessionErrorCode.PROTOCOL_VIOLATION });
    });
  });
}

describe("Request ID order", () => {
  it("draft-14 requires the next Request ID", async () => {
    const raw = await rawClient(Version.DRAFT_14);
    raw.channel.send(trackStatus(2));
    expect(await raw.server.closed).toMatchObject({ code: SessionErrorCode.INVALID_REQUEST_ID });
  });

  it("draft-16 tolerates reordering (SUBSCRIBE_NAMESPACE has its own stream)", async () => {
    const seen: number[] = [];
    const raw = await rawClient(Version.DRAFT_16, limited(seen, 10));
    raw.channel.send(trackStatus(2));
    raw.channel.send(trackStatus(0));
    await expect.poll(() => seen).toEqual([2, 0]);
    raw.channel.send(trackStatus(2));
    expect(await raw.server.closed).toMatchObject({ code: SessionErrorCode.INVALID_REQUEST_ID });
  });
});
