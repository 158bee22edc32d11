import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraries } from "../wire/data/arbitrary.ts";
import type { ObjectDatagram } from "../wire/data/index.ts";
import { ObjectStatus } from "../wire/data/object-status.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { Version } from "../wire/version.ts";
import { protocolOf, rawClient, sessionPair } from "./testing/session-pair.ts";

const VERSIONS = { 14: Version.DRAFT_14, 16: Version.DRAFT_16 } as const;

for (const draft of [14, 16] as const) {
  describe(`datagrams, draft-${draft}`, () => {
    it("arrive as sent", async () => {
      const { client, server } = await sessionPair({ protocol: protocolOf(VERSIONS[draft]) });
      const got: ObjectDatagram[] = [];
      server.on("datagram", (d) => got.push(d));
      const sent = fc.sample(arbitraries[draft].datagram, 40).filter((d) => client.sendDatagram(d));
      expect(sent.length).toBeGreaterThan(0);
      await expect.poll(() => got.length).toBe(sent.length);
      expect(got).toEqual(sent);
      client.close();
    });

    it("are not sent when larger than the datagram limit", async () => {
      const { client } = await sessionPair({ protocol: protocolOf(VERSIONS[draft]) });
      const big: ObjectDatagram = {
        trackAlias: 1,
        groupId: 1,
        objectId: 1,
        publisherPriority: 0,
        endOfGroup: false,
        status: ObjectStatus.NORMAL,
        payload: new Uint8Array(5000),
      };
      expect(client.sendDatagram(big)).toBe(false);
      client.close();
    });

    it("close the session when malformed", async () => {
      const raw = await rawClient(VERSIONS[draft]);
      const w = raw.transport.datagrams.writable.getWriter();
      await w.write(new Uint8Array([0x3f, 0x01]));
      expect(await raw.server.closed).toMatchObject({ code: SessionErrorCode.PROTOCOL_VIOLATION });
      expect(await raw.transport.closed).toMatchObject({
        closeCode: SessionErrorCode.PROTOCOL_VIOLATION,
      });
    });
  });
}
