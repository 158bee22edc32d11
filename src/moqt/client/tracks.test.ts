// Publisher and subscriber of every track kind, in both drafts, through the
// in-process relay core; the wire is checked with a raw session subscriber.
import { afterAll, describe, expect, it } from "vitest";
import { CAPABILITY_EXTENSION } from "../../../server/relay/core/mod.ts";
import { Collector, connect, ns, tn } from "../../../server/relay/core/testing/harness.ts";
import { ExtensionHeaderType } from "../wire/data/extensions.ts";
import { LocProperty, MoqtClient, TrackProperty } from "./index.ts";
import { openRelay, relayDial, settle, until } from "./testing/relay-dial.ts";

const URL = "https://localhost:4443/moq";
const DEC = new TextDecoder();

for (const draft of [14, 16] as const) {
  describe(`tracks over draft-${draft}`, () => {
    const relay = openRelay();
    const clients: MoqtClient[] = [];
    const client = () => {
      const c = MoqtClient.connect(URL, { dial: relayDial(relay, draft).dial });
      clients.push(c);
      return c;
    };
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      relay.close();
    });

    it("frame: timestamp, per-frame priority, payload and track metadata", async () => {
      const pub = client();
      const sub = client();
      const got: [number, number, number[]][] = [];
      const track = pub.publishFrame("robot/a", "odom", {
        capability: "ros.telemetry",
        schemaTag: "ros2/cdr",
        defaultPriority: 128,
      });
      await until(() => track.isLive, "published");
      const s = sub.subscribeFrame("robot/a", "odom", (ts, p, d) => got.push([ts, p, [...d]]));
      await until(() => s.isActive, "subscribed");
      track.write(1000, new Uint8Array([1]), 200);
      track.write(2000, new Uint8Array([2]));
      track.write(3000, new Uint8Array([3]), 0);
      await until(() => got.length === 3, "3 frames");
      got.sort((a, b) => a[0] - b[0]);
      expect(got).toEqual([
        [1000, 200, [1]],
        [2000, 128, [2]],
        [3000, 0, [3]],
      ]);
      expect(s.trackInfo.capability).toBe("ros.telemetry");
      expect(s.trackInfo.schemaTag).toBe("ros2/cdr");
      expect(sub.draft).toBe(draft);
    });

    it("audio: ordered frames, a Group per second, codec metadata", async () => {
      const pub = client();
      const sub = client();
      const got: [number, number][] = [];
      const a = pub.publishAudio("voice/call-1", "mic", {
        capability: "asr",
        codec: "opus",
        sampleRate: 48000,
        channels: 1,
        frameMs: 20,
      });
      await until(() => a.isLive, "published");
      const s = sub.subscribeAudio("voice/call-1", "mic", (ts, b) => got.push([ts, b[0]!]));
      await until(() => s.isActive, "subscribed");
      expect(a.framesPerGroup).toBe(50);
      for (let i = 0; i < 120; i++) {
        a.write(i * 20_000, new Uint8Array([i]));
        if (i % 10 === 9) await settle(1); // a burst of 10 frames, then the clock moves on
      }
      await until(() => got.length === 120, "120 audio frames");
      expect(got.map(([, b]) => b)).toEqual([...Array(120).keys()]);
      expect(got[7]![0]).toBe(140_000);
      expect(s.trackInfo).toMatchObject({
        capability: "asr",
        codec: "opus",
        sampleRate: 48000,
        channels: 1,
        frameMs: 20,
      });
    });

    it("video: a Group per keyframe; the subscriber sees keyframes", async () => {
      const pub = client();
      const sub = client();
      const got: [number, boolean][] = [];
      const v = pub.publishVideo("cam/1", "main", {
        capability: "media.passthrough",
        codec: "avc1.42E01F",
        width: 640,
        height: 360,
      });
      await until(() => v.isLive, "published");
      const s = sub.subscribeVideo("cam/1", "main", (_ts, b, k) => got.push([b[0]!, k]));
      await until(() => s.isActive, "subscribed");
      for (let i = 0; i < 25; i++) {
        v.write(i * 33_000, new Uint8Array([i]), i % 10 === 0);
        await settle(1);
      }
      await until(() => got.length === 25, "25 video frames");
      expect(got.filter(([, k]) => k).map(([b]) => b)).toEqual([0, 10, 20]);
      expect(got.map(([b]) => b)).toEqual([...Array(25).keys()]);
      expect(s.trackInfo).toMatchObject({ codec: "avc1.42E01F", width: 640, height: 360 });
    });

    it("text: reliable ordered strings, 64 per Group", async () => {
      const pub = client();
      const sub = client();
      const got: string[] = [];
      const t = pub.publishText("chat/room-1", "messages", { capability: "chat" });
      await until(() => t.isLive, "published");
      const s = sub.subscribeText("chat/room-1", "messages", (_ts, t) => got.push(t));
      await until(() => s.isActive, "subscribed");
      for (let i = 0; i < 150; i++) t.write(`message ${i} ✓`);
      await until(() => got.length === 150, "150 messages");
      expect(got).toEqual([...Array(150).keys()].map((i) => `message ${i} ✓`));
    });

    it("wire: LOC timestamp, capability 0x4343, priority in the header, groups per kind", async () => {
      const c = new Collector();
      const raw = await connect(relay, { draft, on: c.listeners() });
      const pub = client();
      const frames = pub.publishFrame("wire/x", "f", { capability: "cap.f", schemaTag: "s1" });
      const text = pub.publishText("wire/x", "t", { capability: "cap.t" });
      await until(() => frames.isLive && text.isLive, "published");
      const okF = await raw.session.subscribe({
        trackNamespace: ns("wire/x"),
        trackName: tn("f"),
        filter: { type: "largestObject" },
      });
      const okT = await raw.session.subscribe({
        trackNamespace: ns("wire/x"),
        trackName: tn("t"),
        filter: { type: "largestObject" },
      });
      frames.write(77, new Uint8Array([9]), 5);
      frames.write(78, new Uint8Array([9]), 250);
      for (let i = 0; i < 66; i++) text.write(`m${i}`, 1000 + i);
      await until(() => c.seen.length === 68, "68 objects");
      const f = c.seen.filter((o) => o.alias === okF.trackAlias);
      expect(f.map((o) => o.priority)).toEqual([5, 250]);
      expect(new Set(f.map((o) => o.group)).size).toBe(2); // a Group per frame
      expect(f.every((o) => o.object === 0)).toBe(true);
      const ext = (o: (typeof f)[number], type: number) =>
        o.extensions?.find((e) => e.type === type);
      expect(ext(f[0]!, LocProperty.TIMESTAMP)?.value).toBe(77);
      expect(DEC.decode(ext(f[0]!, CAPABILITY_EXTENSION)?.value as Uint8Array)).toBe("cap.f");
      expect(DEC.decode(ext(f[0]!, TrackProperty.SCHEMA_TAG)?.value as Uint8Array)).toBe("s1");
      const t = c.seen
        .filter((o) => o.alias === okT.trackAlias)
        .sort((a, b) => a.group - b.group || a.object - b.object);
      const groups = [...new Set(t.map((o) => o.group))];
      expect(groups).toHaveLength(2);
      expect(t.filter((o) => o.group === groups[0]).map((o) => o.object)).toEqual([
        ...Array(64).keys(),
      ]);
      // Track properties ride on the first Object of each Group only.
      expect(ext(t[0]!, CAPABILITY_EXTENSION)).toBeDefined();
      expect(ext(t[1]!, CAPABILITY_EXTENSION)).toBeUndefined();
      expect(ext(t[1]!, LocProperty.TIMESTAMP)?.value).toBe(1001);
      if (draft === 16) {
        const exts = okF.trackExtensions ?? [];
        expect(
          DEC.decode(exts.find((e) => e.type === CAPABILITY_EXTENSION)?.value as Uint8Array),
        ).toBe("cap.f");
        expect(
          exts.find((e) => e.type === ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY)?.value,
        ).toBe(128);
      }
      raw.session.close();
    });
  });
}
