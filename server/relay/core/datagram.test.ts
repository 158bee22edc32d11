import { describe, expect, it } from "vitest";
import { ExtensionHeaderType, ObjectStatus } from "../../../src/moqt/wire/data/index.ts";
import { Relay } from "./relay.ts";
import { Collector, connect, ns, payloadOf, TrackPublisher, tn } from "./testing/harness.ts";
import { settle, until } from "./testing/wait.ts";

describe("datagram forwarding", () => {
  for (const [pubDraft, subDraft] of [
    [16, 16],
    [14, 14],
    [16, 14],
    [14, 16],
  ] as const) {
    it(`draft-${pubDraft} datagrams reach a draft-${subDraft} subscriber as datagrams`, async () => {
      const relay = new Relay({ auth: { mode: "none" } });
      const pub = await connect(relay, { draft: pubDraft });
      const track = await TrackPublisher.publish(pub.session, "game/1", "state", {
        ...(pubDraft === 16 && {
          trackExtensions: [{ type: ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY, value: 7 }],
        }),
      });
      const c = new Collector();
      const sub = await connect(relay, { draft: subDraft, on: c.listeners() });
      const ok = await sub.session.subscribe({
        trackNamespace: ns("game/1"),
        trackName: tn("state"),
      });
      await settle(5);
      for (let i = 0; i < 10; i++) {
        const sent = pub.session.sendDatagram({
          trackAlias: track.trackAlias,
          groupId: i,
          objectId: 0,
          // draft-16 may leave the priority to the track's DEFAULT_PUBLISHER_PRIORITY.
          ...(pubDraft === 14 && { publisherPriority: 7 }),
          endOfGroup: true,
          status: ObjectStatus.NORMAL,
          payload: payloadOf(i, 0, 40),
        });
        expect(sent).toBe(true);
        await settle(1);
      }
      await until(() => c.seen.length === 10, "10 datagrams");
      expect(c.seen.every((s) => s.via === "datagram" && s.alias === ok.trackAlias)).toBe(true);
      expect(c.seen.every((s) => s.priority === 7)).toBe(true);
      expect(c.keys()).toEqual([...Array(10).keys()].map((g) => `${g}:0`));
      relay.close();
    });
  }
});
