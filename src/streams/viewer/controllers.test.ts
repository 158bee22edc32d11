import { describe, expect, it } from "vitest";
import { AbrPolicy } from "./abr-policy.ts";
import { latencyAction, MAX_CATCH_UP_RATE, MIN_RATE } from "./latency-controller.ts";
import { playbackTarget } from "./playback-target.ts";
import { RenditionSplice } from "./rendition-splice.ts";
import type { MediaObject } from "./source.ts";

describe("latency controller", () => {
  const at = (
    latencyMs: number,
    bufferAheadMs = 1000,
    edgeAheadMs = bufferAheadMs,
    target = 500,
    minAheadMs = 0,
  ) =>
    latencyAction({ latencyMs, bufferAheadMs, edgeAheadMs, targetLatencyMs: target, minAheadMs });

  it("plays at 1× within the dead band of the target", () => {
    expect(at(540)).toEqual({ playbackRate: 1, seekAheadMs: 0 });
    expect(at(145, 60, 60, 130)).toEqual({ playbackRate: 1, seekAheadMs: 0 });
  });

  it("catches up proportionally in whole percents, within a small bound", () => {
    expect(at(600).playbackRate).toBeCloseTo(1.05);
    expect(at(601).playbackRate).toBeCloseTo(1.06);
    expect(at(900).playbackRate).toBe(MAX_CATCH_UP_RATE);
    expect(at(3900, 3000, 3000, 2000).playbackRate).toBe(MAX_CATCH_UP_RATE);
  });

  it("jumps toward the live edge on a large excursion, never past the buffer", () => {
    expect(at(5000, 200, 4000)).toEqual({ playbackRate: 1, seekAheadMs: 3940 });
    expect(at(5000, 200, 50).seekAheadMs).toBe(0);
    // A low target jumps sooner (500 ms over) and keeps half the target as safety.
    expect(at(800, 700, 700, 100)).toEqual({ playbackRate: 1, seekAheadMs: 650 });
    expect(at(550, 450, 450, 100).seekAheadMs).toBe(0);
  });

  it("slows down when the buffer is about to run dry, relative to a low target", () => {
    expect(at(500, 30).playbackRate).toBe(MIN_RATE);
    expect(at(120, 30, 30, 120).playbackRate).toBe(1);
    expect(at(120, 20, 20, 120).playbackRate).toBe(MIN_RATE);
  });

  it("never catches up into the buffer the backend needs ahead", () => {
    // 100 ms over the target, but only 130 ms buffered over a 100 ms floor: 30 ms to take.
    expect(at(300, 130, 130, 200, 100).playbackRate).toBeCloseTo(1.02);
    // At the floor: latency above the target is held, not chased into a stall.
    expect(at(300, 110, 110, 200, 100).playbackRate).toBe(1);
    expect(at(300, 90, 90, 200, 100).playbackRate).toBe(MIN_RATE);
    // Without a floor the same buffer is drained at full catch-up speed.
    expect(at(300, 130, 130, 200).playbackRate).toBeCloseTo(1.05);
  });

  it("keeps the floor when it jumps", () => {
    expect(at(5000, 200, 4000, 500, 150)).toEqual({ playbackRate: 1, seekAheadMs: 3850 });
  });
});

describe("ABR policy", () => {
  const renditions = [
    { name: "video/720p", bitrate: 2_500_000 },
    { name: "video/360p", bitrate: 800_000 },
  ];
  const ok = { throughputBps: 2_600_000, deliveryDelayMs: 100, bufferAheadMs: 800, stalled: false };

  it("steps down on a stall, late delivery, or low throughput with a thin buffer", () => {
    expect(new AbrPolicy().choose(renditions, 0, { ...ok, nowMs: 0, stalled: true })).toBe(1);
    expect(new AbrPolicy().choose(renditions, 0, { ...ok, nowMs: 0, deliveryDelayMs: 3000 })).toBe(
      1,
    );
    expect(
      new AbrPolicy().choose(renditions, 0, {
        ...ok,
        nowMs: 0,
        throughputBps: 1e6,
        bufferAheadMs: 100,
      }),
    ).toBe(1);
    expect(new AbrPolicy().choose(renditions, 0, { ...ok, nowMs: 0, throughputBps: 1e6 })).toBe(0);
  });

  it("steps down on low throughput while a deep VOD buffer still covers the switch", () => {
    const slow = { ...ok, nowMs: 0, throughputBps: 1e6, bufferAheadMs: 8_000 };
    expect(new AbrPolicy().choose(renditions, 0, slow)).toBe(0);
    expect(new AbrPolicy({ lowBufferMs: 10_000 }).choose(renditions, 0, slow)).toBe(1);
  });

  it("steps up only after a quiet period", () => {
    const abr = new AbrPolicy({ upAfterMs: 10_000 });
    expect(abr.choose(renditions, 1, { ...ok, nowMs: 0 })).toBe(1);
    expect(abr.choose(renditions, 1, { ...ok, nowMs: 9_000 })).toBe(1);
    expect(abr.choose(renditions, 1, { ...ok, nowMs: 10_000 })).toBe(0);
  });
});

describe("rendition splice", () => {
  const obj = (track: string, startMs: number, groupStart: boolean): MediaObject => ({
    track,
    bytes: Uint8Array.of(startMs),
    tsUs: 0,
    groupStart,
  });
  const to = { name: "video/360p", kind: "video", codec: "avc1.42E01E" } as const;
  const splice = () => new RenditionSplice("video/720p", to, "manual", (o) => o.bytes[0]!);

  it("switches at a new-rendition Group that starts where the buffer ends", () => {
    const s = splice();
    expect(s.offer(obj("video/360p", 10, true), 40, 0)).toEqual({ switchNow: false, append: [] });
    expect(s.offer(obj("video/720p", 40, false), 40, 0).append).toHaveLength(1);
    const d = s.offer(obj("video/360p", 60, true), 60, 0);
    expect(d.switchNow).toBe(true);
  });

  it("holds the old rendition's next Group for the new one, and releases it when it is late", () => {
    const s = splice();
    const oldGroup = obj("video/720p", 60, true);
    expect(s.offer(oldGroup, 60, 0).append).toEqual([]);
    const next = obj("video/720p", 80, false);
    expect(s.offer(next, 60, 100).append).toEqual([]);
    expect(s.offer(obj("video/720p", 100, false), 60, 700).append.map((o) => o.bytes[0])).toEqual([
      60, 80, 100,
    ]);
    const held = splice();
    held.offer(oldGroup, 60, 0);
    expect(held.offer(obj("video/360p", 60, true), 60, 50)).toEqual({
      switchNow: true,
      append: [obj("video/360p", 60, true)],
    });
  });
});

describe("playback target", () => {
  it("uses the stream resolver's path on a relay base URL", () => {
    expect(playbackTarget("lv_1", "https://relay.example", "tok", "stream/org_a/lv_1")).toEqual({
      url: "https://relay.example/playback/lv_1?tok=tok",
      token: undefined,
      namespace: "stream/org_a/lv_1",
    });
  });

  it("uses a MoQT endpoint URL as it is, the token in SETUP, the namespace from the path", () => {
    expect(
      playbackTarget("stream/org_a/lv_1", "https://127.0.0.1:4443/moq", "tok", undefined),
    ).toEqual({
      url: "https://127.0.0.1:4443/moq",
      token: "tok",
      namespace: "stream/org_a/lv_1",
    });
  });

  it("reads the org from the playback token of a signed URL", () => {
    const claims = btoa(JSON.stringify({ org: "org_b" }));
    const url = `https://relay.example/playback/lv_9?tok=h.${claims}.s`;
    expect(playbackTarget(url, undefined, undefined, undefined).namespace).toBe(
      "stream/org_b/lv_9",
    );
  });

  it("says how to fix a missing relay or namespace", () => {
    expect(() => playbackTarget("lv_1", undefined, undefined, undefined)).toThrow(/relayUrl/);
    expect(() => playbackTarget("lv_1", "https://relay.example", undefined, undefined)).toThrow(
      /namespace/,
    );
  });
});
