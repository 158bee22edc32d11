import { describe, expect, it } from "vitest";
import { ExtensionHeaderType, ObjectStatus } from "../../../src/moqt/wire/data/index.ts";
import { Relay } from "./relay.ts";
import { Collector, connect, ns, payloadOf, TrackPublisher, tn } from "./testing/harness.ts";
import { ManualClock } from "./testing/manual-clock.ts";
import { SubscribeAnswerer } from "./testing/namespace-publisher.ts";
import { until } from "./testing/wait.ts";

const T = { trackNamespace: ns("cam/1"), trackName: tn("video") };

/** A publisher that sent groups 0 and 1 (5 objects) and objects 0..2 of group 2, stream still open. */
async function midGroup(relay: Relay) {
  const pub = await connect(relay, { draft: 14 });
  const track = await TrackPublisher.publish(pub.session, "cam/1", "video");
  const early = new Collector();
  const a = await connect(relay, { on: early.listeners() });
  await a.session.subscribe(T);
  await track.group(0, 5);
  await track.group(1, 5);
  const open = await track.open(2);
  for (let o = 0; o < 3; o++) {
    await open.write({ objectId: o, status: ObjectStatus.NORMAL, payload: payloadOf(2, o) });
  }
  await until(() => early.seen.length === 13, "early subscriber");
  return { track, open };
}

describe("late join from the cache", () => {
  for (const draft of [14, 16] as const) {
    it(`draft-${draft}: Largest Object + Joining FETCH starts at the latest group boundary`, async () => {
      const relay = new Relay({ auth: { mode: "none" } });
      const { open } = await midGroup(relay);
      const c = new Collector();
      const late = await connect(relay, { draft, on: c.listeners() });
      const ok = await late.session.subscribe({ ...T, filter: { type: "largestObject" } });
      expect(ok.largestLocation).toEqual({ group: 2, object: 2 });
      const f = await late.session.fetch({
        target: { type: "relativeJoining", joiningRequestId: ok.requestId, joiningStart: 0 },
      });
      expect(f.endLocation).toEqual({ group: 2, object: 3 });
      await until(() => c.fetched.get(f.requestId)?.done === true, "fetch stream");
      const items = c.fetched.get(f.requestId)!.items;
      expect(items.map((i) => `${i.groupId}:${i.objectId}`)).toEqual(["2:0", "2:1", "2:2"]);
      for (let o = 3; o < 5; o++) {
        await open.write({ objectId: o, status: ObjectStatus.NORMAL, payload: payloadOf(2, o) });
      }
      await open.close();
      await until(() => c.seen.length === 2, "live objects");
      expect(c.keys(ok.trackAlias)).toEqual(["2:3", "2:4"]);
      relay.close();
    });
  }

  it("Next Group Start begins at the next group", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const { track, open } = await midGroup(relay);
    const c = new Collector();
    const late = await connect(relay, { on: c.listeners() });
    const ok = await late.session.subscribe({ ...T, filter: { type: "nextGroupStart" } });
    await open.write({ objectId: 3, status: ObjectStatus.NORMAL, payload: payloadOf(2, 3) });
    await open.close();
    await track.group(3, 2);
    await until(() => c.seen.length === 2, "group 3");
    expect(c.keys(ok.trackAlias)).toEqual(["3:0", "3:1"]);
    relay.close();
  });

  for (const draft of [14, 16] as const) {
    it(`draft-${draft}: standalone FETCH is served from the cache`, async () => {
      const relay = new Relay({ auth: { mode: "none" } });
      await midGroup(relay);
      const c = new Collector();
      const f = await connect(relay, { draft, on: c.listeners() });
      const ok = await f.session.fetch({
        target: {
          type: "standalone",
          ...T,
          start: { group: 0, object: 3 },
          end: { group: 1, object: 0 },
        },
      });
      // The whole of group 1 was asked for and its last Object is not known: Largest + 1 is not reached.
      expect(ok.endLocation).toEqual({ group: 1, object: 0 });
      await until(() => c.fetched.get(ok.requestId)?.done === true, "fetch stream");
      const items = c.fetched.get(ok.requestId)!.items;
      expect(items.map((i) => `${i.groupId}:${i.objectId}`)).toEqual([
        "0:3",
        "0:4",
        "1:0",
        "1:1",
        "1:2",
        "1:3",
        "1:4",
      ]);
      const first = items[0]!;
      expect(first.kind === "object" && [...first.payload.subarray(0, 2)]).toEqual([0, 3]);
      relay.close();
    });
  }

  it("FETCH beyond the Largest Object is INVALID_RANGE", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    await midGroup(relay);
    const f = await connect(relay);
    await expect(
      f.session.fetch({
        target: {
          type: "standalone",
          ...T,
          start: { group: 3, object: 0 },
          end: { group: 4, object: 0 },
        },
      }),
    ).rejects.toMatchObject({ errorName: "INVALID_RANGE" });
    relay.close();
  });

  it("FETCH of evicted groups: draft-16 marks them unknown, draft-14 refuses", async () => {
    const relay = new Relay({ auth: { mode: "none" }, limits: { maxCachedGroupsPerTrack: 2 } });
    await midGroup(relay);
    const c = new Collector();
    const d16 = await connect(relay, { on: c.listeners() });
    const target = {
      type: "standalone" as const,
      ...T,
      start: { group: 0, object: 0 },
      end: { group: 1, object: 2 },
    };
    const ok = await d16.session.fetch({ target });
    await until(() => c.fetched.get(ok.requestId)?.done === true, "fetch stream");
    const items = c.fetched.get(ok.requestId)!.items;
    expect(items[0]).toMatchObject({ kind: "endOfRange", range: "unknown", groupId: 0 });
    expect(items.slice(1).map((i) => `${i.groupId}:${i.objectId}`)).toEqual(["1:0", "1:1"]);
    const d14 = await connect(relay, { draft: 14 });
    await expect(d14.session.fetch({ target })).rejects.toMatchObject({ errorCode: 0x8 });
    relay.close();
  });

  for (const [pubDraft, subDraft] of [
    [14, 16],
    [16, 14],
  ] as const) {
    it(`a FETCH the cache cannot answer goes upstream (draft-${pubDraft} publisher, draft-${subDraft} subscriber)`, async () => {
      const relay = new Relay({ auth: { mode: "none" } });
      const answers = new SubscribeAnswerer();
      answers.largest = { group: 3, object: 2 };
      const pub = await connect(relay, { draft: pubDraft, handler: answers.handler() });
      await pub.session.publishNamespace({ trackNamespace: ns("cam") });
      const c = new Collector();
      const late = await connect(relay, { draft: subDraft, on: c.listeners() });
      // The first subscriber joins mid-group: the relay has none of group 3 cached.
      const ok = await late.session.subscribe({ ...T, filter: { type: "largestObject" } });
      expect(ok.largestLocation).toEqual({ group: 3, object: 2 });
      const f = await late.session.fetch({
        target: { type: "relativeJoining", joiningRequestId: ok.requestId, joiningStart: 0 },
      });
      expect(f.endLocation).toEqual({ group: 3, object: 3 });
      expect(answers.fetches).toHaveLength(1);
      await until(() => c.fetched.get(f.requestId)?.done === true, "fetch stream");
      const items = c.fetched.get(f.requestId)!.items;
      expect(items.map((i) => `${i.groupId}:${i.objectId}`)).toEqual(["3:0", "3:1", "3:2"]);
      const last = items[2]!;
      expect(last.kind === "object" && [...last.payload.subarray(0, 2)]).toEqual([3, 2]);
      relay.close();
    });
  }

  it("never serves Objects older than the track's MAX_CACHE_DURATION", async () => {
    const clock = new ManualClock();
    const relay = new Relay({ auth: { mode: "none" }, clock });
    const pub = await connect(relay);
    const track = await TrackPublisher.publish(pub.session, "cam/1", "video", {
      trackExtensions: [{ type: ExtensionHeaderType.MAX_CACHE_DURATION, value: 1000 }],
    });
    const sub = await connect(relay);
    await sub.session.subscribe(T);
    await track.group(0, 2);
    await until(() => relay.stats().cacheBytes > 0, "cached");
    const target = {
      type: "standalone" as const,
      ...T,
      start: { group: 0, object: 0 },
      end: { group: 0, object: 0 },
    };
    const c = new Collector();
    const f14 = await connect(relay, { draft: 14, on: c.listeners() });
    const fresh = await f14.session.fetch({ target });
    await until(() => c.fetched.get(fresh.requestId)?.done === true, "fetch stream");
    expect(c.fetched.get(fresh.requestId)!.items).toHaveLength(2);
    clock.advance(1001);
    await expect(f14.session.fetch({ target })).rejects.toMatchObject({ errorCode: 0x8 });
    relay.close();
  });
});
