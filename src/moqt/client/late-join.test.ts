// Late subscribers: video starts at the newest keyframe, frames at the newest
// frame, text and audio live; and the datagram lane.
import { afterAll, describe, expect, it } from "vitest";
import { Collector, connect, ns, tn } from "../../../server/relay/core/testing/harness.ts";
import { MoqtClient } from "./index.ts";
import { openRelay, relayDial, settle, until } from "./testing/relay-dial.ts";

for (const draft of [14, 16] as const) {
  describe(`late join and datagrams over draft-${draft}`, () => {
    const relay = openRelay();
    const clients: MoqtClient[] = [];
    const client = () => {
      const c = MoqtClient.connect("https://localhost/moq", { dial: relayDial(relay, draft).dial });
      clients.push(c);
      return c;
    };
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      relay.close();
    });

    it("a late video subscriber starts at the latest keyframe", async () => {
      const v = client().publishVideo("cam/late", "v", { capability: "media", codec: "vp8" });
      await until(() => v.isLive, "published");
      for (let i = 0; i < 23; i++) {
        v.write(i * 1000, new Uint8Array([i]), i % 10 === 0); // keyframes at 0, 10, 20
        await settle(1);
      }
      await settle(20);
      const got: [number, boolean][] = [];
      const s = client().subscribeVideo("cam/late", "v", (_ts, b, k) => got.push([b[0]!, k]));
      await until(() => got.length === 3, "the current GOP");
      expect(got).toEqual([
        [20, true],
        [21, false],
        [22, false],
      ]);
      v.write(23_000, new Uint8Array([23]), false);
      v.write(24_000, new Uint8Array([24]), false);
      await until(() => got.length === 5, "live frames after the GOP");
      expect(got.map(([b]) => b)).toEqual([20, 21, 22, 23, 24]);
      expect(s.trackInfo.codec).toBe("vp8");
    });

    it("frameMarking: false sends no frame marking; each Group's first Object is its keyframe", async () => {
      const a = client().publishVideo("cam/nomark", "audio", {
        capability: "media",
        codec: "opus",
        frameMarking: false,
      });
      await until(() => a.isLive, "published");
      const c = new Collector();
      const raw = await connect(relay, { draft, on: c.listeners() });
      await raw.session.subscribe({
        trackNamespace: ns("cam/nomark"),
        trackName: tn("audio"),
        filter: { type: "largestObject" },
      });
      const got: boolean[] = [];
      const s = client().subscribeVideo("cam/nomark", "audio", (_ts, _b, k) => got.push(k));
      await until(() => s.isActive, "subscribed");
      await settle(10);
      for (let i = 1; i <= 3; i++) a.write(i * 1000, new Uint8Array([i]), true);
      await until(() => got.length === 3 && c.seen.length === 3, "3 objects");
      expect(got).toEqual([true, true, true]);
      for (const o of c.seen)
        expect(o.extensions?.some((e) => e.type === 0x09) ?? false).toBe(false);
      raw.session.close();
    });

    it("a late frame subscriber first gets the newest frame", async () => {
      const f = client().publishFrame("robot/late", "state", { capability: "game.state" });
      await until(() => f.isLive, "published");
      for (let i = 1; i <= 5; i++) f.write(i, new Uint8Array([i]));
      await settle(20);
      const got: number[] = [];
      client().subscribeFrame("robot/late", "state", (ts) => got.push(ts));
      await until(() => got.length === 1, "the newest frame");
      expect(got).toEqual([5]);
    });

    it("a late text subscriber starts live", async () => {
      const t = client().publishText("chat/late", "t", { capability: "chat" });
      await until(() => t.isLive, "published");
      for (let i = 0; i < 10; i++) t.write(`old${i}`);
      await settle(20);
      const got: string[] = [];
      const s = client().subscribeText("chat/late", "t", (_ts, m) => got.push(m));
      await until(() => s.isActive, "subscribed");
      t.write("new");
      await until(() => got.length === 1, "the new message");
      await settle(30);
      expect(got).toEqual(["new"]);
    });

    it("datagram: true puts frames on the datagram lane", async () => {
      const pub = client();
      const dg = pub.publishFrame("robot/dg", "pose", {
        capability: "ros.telemetry",
        datagram: true,
      });
      await until(() => dg.isLive, "published");
      const c = new Collector();
      const raw = await connect(relay, { draft, on: c.listeners() });
      await raw.session.subscribe({
        trackNamespace: ns("robot/dg"),
        trackName: tn("pose"),
        filter: { type: "largestObject" },
      });
      const got: [number, number][] = [];
      const s = client().subscribeFrame("robot/dg", "pose", (ts, p) => got.push([ts, p]));
      await until(() => s.isActive, "subscribed");
      // The relay starts forwarding a task after its SUBSCRIBE_OK; datagrams are not held.
      await settle(10);
      for (let i = 1; i <= 5; i++) dg.write(i, new Uint8Array(100).fill(i), 10 * i);
      await until(() => got.length === 5 && c.seen.length === 5, "5 datagrams");
      expect(c.seen.every((o) => o.via === "datagram")).toBe(true);
      expect(c.seen.map((o) => o.priority).sort((a, b) => a! - b!)).toEqual([10, 20, 30, 40, 50]);
      expect(got.sort((a, b) => a[0] - b[0])).toEqual([
        [1, 10],
        [2, 20],
        [3, 30],
        [4, 40],
        [5, 50],
      ]);
      raw.session.close();
    });
  });
}
