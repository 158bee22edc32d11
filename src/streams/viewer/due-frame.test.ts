import { describe, expect, it } from "vitest";
import { framesDue } from "./due-frame.ts";

/** Decoded frames with these timestamps, µs. */
const at = (...timestampsUs: number[]) => timestampsUs.map((timestamp) => ({ timestamp }));

describe("framesDue", () => {
  it("takes every frame due at the playhead; the last one is drawn", () => {
    expect(framesDue(at(1_000_000, 1_033_333, 1_066_667), 1050, true)).toBe(2);
    expect(framesDue(at(1_000_000, 1_033_333), 999, true)).toBe(0);
    expect(framesDue(at(), 1000, true)).toBe(0);
  });

  it("takes the first frame of a playback at once, due or not", () => {
    // A late joiner's keyframe, decoded before the playhead runs (or behind it).
    expect(framesDue(at(2_000_000), 1000, false)).toBe(1);
    expect(framesDue(at(1_000_000, 1_033_333, 2_000_000), 1040, false)).toBe(2);
    expect(framesDue(at(), 1000, false)).toBe(0);
  });

  it("counts a frame whose µs-rounded timestamp lands just after the playhead as due", () => {
    const tMs = 18_919.3336; // a playhead set to a sample's start, in ms of media time
    expect(framesDue(at(Math.round(tMs * 1000)), tMs, true)).toBe(1);
    expect(framesDue(at(Math.round(tMs * 1000) + 1), tMs, true)).toBe(0);
  });
});
