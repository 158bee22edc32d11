// A received Object reaches the application as soon as its bytes are complete:
// neither the session's stream reader nor the subscription holds it until the
// next chunk or the stream's FIN (a relay that batches writes must not delay it).
import { describe, expect, it } from "vitest";
import { connect, TrackPublisher } from "../../../server/relay/core/testing/harness.ts";
import type { IncomingSubgroupStream } from "../session/incoming-streams.ts";
import { concat } from "../session/testing/chunks.ts";
import { sessionPair } from "../session/testing/session-pair.ts";
import { encodeSubgroupObject, type SubgroupHeader, SubgroupIdMode } from "../wire/data/index.ts";
import { ObjectStatus } from "../wire/data/object-status.ts";
import { Version } from "../wire/version.ts";
import { MoqtClient } from "./index.ts";
import { openRelay, relayDial, until } from "./testing/relay-dial.ts";

const HEADER: SubgroupHeader = {
  kind: "subgroup",
  trackAlias: 1,
  groupId: 5,
  subgroupIdMode: SubgroupIdMode.ZERO,
  publisherPriority: 128,
  hasExtensions: false,
  endOfGroup: false,
};
const object = (objectId: number, size: number) => ({
  objectId,
  status: ObjectStatus.NORMAL,
  payload: new Uint8Array(size).fill(objectId + 1),
});

/** Resolves with `p`'s value, or rejects if it takes longer than `ms`. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms),
    ),
  ]);
}

describe("prompt delivery", () => {
  it("the session's reader yields a complete Object from a chunk that also starts the next, without a FIN", async () => {
    const { client, server } = await sessionPair();
    const incoming = new Promise<IncomingSubgroupStream>((resolve) =>
      client.on("subgroupStream", resolve),
    );
    const v = Version.DRAFT_16;
    const first = encodeSubgroupObject(object(0, 1200), HEADER, undefined, v);
    const second = encodeSubgroupObject(object(1, 1200), HEADER, 0, v);
    const w = await server.openSubgroup(HEADER);
    // One write (a batching relay's): the header was queued by the open; then
    // Object 0 whole and the first 100 bytes of Object 1; then the stream stalls.
    await w.writeEncoded(0, concat([first, second.subarray(0, 100)]));
    const s = await incoming;
    const got = await within(s.read(), 1000, "Object 0");
    expect(got?.objectId).toBe(0);
    expect(got?.payload.length).toBe(1200);
    client.close();
    server.close();
  });

  for (const draft of [14, 16] as const) {
    it(`draft-${draft}: a subscriber gets an Object whose stream then stalls (no FIN, no next chunk)`, async () => {
      const relay = openRelay();
      const pub = await connect(relay, { draft });
      const track = await TrackPublisher.publish(pub.session, "stall/1", "audio");
      const c = MoqtClient.connect("https://localhost:4443/moq", {
        dial: relayDial(relay, draft).dial,
      });
      const got: number[] = [];
      const s = c.subscribeAudio("stall/1", "audio", (_, bytes) => got.push(bytes.length));
      await until(() => s.isActive, "subscribed");
      const w = await track.open(9);
      await w.write(object(0, 700));
      await until(() => got.length === 1, "the Object, before any FIN", 1000);
      expect(got).toEqual([700]);
      await c.close();
      pub.session.close();
      relay.close();
    });
  }
});
