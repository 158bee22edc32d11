import { describe, expect, it } from "vitest";
import { FilterType } from "../../../src/moqt/wire/subscription-filter.ts";
import { Relay } from "./relay.ts";
import {
  Collector,
  connect,
  expectedKeys,
  ns,
  sendGroup,
  TrackPublisher,
  tn,
} from "./testing/harness.ts";
import { SubscribeAnswerer } from "./testing/namespace-publisher.ts";
import { until } from "./testing/wait.ts";

const MIXES: [14 | 16, 14 | 16][] = [
  [16, 16],
  [14, 14],
  [14, 16],
  [16, 14],
];

describe("relay publish / subscribe", () => {
  for (const [pubDraft, subDraft] of MIXES) {
    it(`PUBLISH (draft-${pubDraft}) → SUBSCRIBE (draft-${subDraft})`, async () => {
      const relay = new Relay({ auth: { mode: "none" } });
      const pub = await connect(relay, { draft: pubDraft });
      const track = await TrackPublisher.publish(pub.session, "robot/1", "odom");
      const c = new Collector();
      const sub = await connect(relay, { draft: subDraft, on: c.listeners() });
      const ok = await sub.session.subscribe({
        trackNamespace: ns("robot/1"),
        trackName: tn("odom"),
        filter: { type: "nextGroupStart" },
      });
      expect(ok.largestLocation).toBeUndefined();
      for (let g = 0; g < 3; g++) await track.group(g, 4);
      await until(() => c.seen.length === 12, "12 objects");
      expect(c.keys(ok.trackAlias)).toEqual(expectedKeys(0, 2, 4));
      const g1o1 = c.seen.find((s) => s.group === 1 && s.object === 1)!;
      expect([...g1o1.payload.subarray(0, 2)]).toEqual([1, 1]);
      relay.close();
    });

    it(`PUBLISH_NAMESPACE (draft-${pubDraft}) → SUBSCRIBE (draft-${subDraft}) goes upstream`, async () => {
      const relay = new Relay({ auth: { mode: "none" } });
      const answers = new SubscribeAnswerer();
      const pub = await connect(relay, { draft: pubDraft, handler: answers.handler() });
      await pub.session.publishNamespace({ trackNamespace: ns("cam") });
      const c = new Collector();
      const sub = await connect(relay, { draft: subDraft, on: c.listeners() });
      const ok = await sub.session.subscribe({
        trackNamespace: ns("cam/front"),
        trackName: tn("video"),
        filter: { type: "largestObject" },
      });
      expect(answers.accepted).toHaveLength(1);
      const up = answers.accepted[0]!;
      // §"Forward Handling" and the Largest Object filter upstream.
      expect(up.req.forward).toBe(true);
      if (pubDraft === 16) expect(up.req.filter?.type).toBe("largestObject");
      else expect(up.req.filter).toEqual({ type: "largestObject" });
      await sendGroup(pub.session, up.alias, 0, 3);
      await until(() => c.seen.length === 3, "3 objects");
      expect(c.keys(ok.trackAlias)).toEqual(["0:0", "0:1", "0:2"]);
      relay.close();
    });
  }

  it("aggregates: one upstream SUBSCRIBE for many subscribers; the last UNSUBSCRIBE goes upstream", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const answers = new SubscribeAnswerer();
    const unsubscribed: number[] = [];
    const pub = await connect(relay, {
      handler: answers.handler(),
      on: { unsubscribe: ({ requestId }) => unsubscribed.push(requestId) },
    });
    await pub.session.publishNamespace({ trackNamespace: ns("room") });
    const subs = await Promise.all([0, 1, 2].map(() => connect(relay, { draft: 14 })));
    const oks = [];
    for (const s of subs) {
      oks.push(await s.session.subscribe({ trackNamespace: ns("room"), trackName: tn("chat") }));
    }
    expect(answers.accepted).toHaveLength(1);
    subs[0]!.session.unsubscribe(oks[0]!.requestId);
    subs[1]!.session.unsubscribe(oks[1]!.requestId);
    await new Promise((r) => setTimeout(r, 20));
    expect(unsubscribed).toEqual([]);
    subs[2]!.session.unsubscribe(oks[2]!.requestId);
    await until(() => unsubscribed.length === 1, "upstream UNSUBSCRIBE");
    relay.close();
  });

  it("answers DUPLICATE_SUBSCRIPTION to a second SUBSCRIBE for the same track", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const pub = await connect(relay);
    await TrackPublisher.publish(pub.session, "a", "t");
    const sub = await connect(relay);
    await sub.session.subscribe({ trackNamespace: ns("a"), trackName: tn("t") });
    await expect(
      sub.session.subscribe({ trackNamespace: ns("a"), trackName: tn("t") }),
    ).rejects.toMatchObject({ errorName: "DUPLICATE_SUBSCRIPTION" });
    expect(FilterType.LARGEST_OBJECT).toBe(2);
    relay.close();
  });

  it("answers TRACK_STATUS from its state, or DOES_NOT_EXIST", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const pub = await connect(relay);
    const track = await TrackPublisher.publish(pub.session, "a", "t");
    await track.group(0, 3);
    const sub = await connect(relay, { draft: 14 });
    await until(() => relay.tracks()[0]!.largest?.object === 2, "largest");
    const status = await sub.session.trackStatus({ trackNamespace: ns("a"), trackName: tn("t") });
    expect(status.largestLocation).toEqual({ group: 0, object: 2 });
    await expect(
      sub.session.trackStatus({ trackNamespace: ns("a"), trackName: tn("nope") }),
    ).rejects.toMatchObject({ errorName: "DOES_NOT_EXIST" });
    relay.close();
  });
});
