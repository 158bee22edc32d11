import { describe, expect, it } from "vitest";
import { MediaClock } from "./media-clock.ts";
import { MediaRanges } from "./media-ranges.ts";

describe("MediaRanges", () => {
  it("joins touching fragments and reports the buffer ahead and the gap after", () => {
    const r = new MediaRanges();
    r.add(0, 250);
    r.add(250, 500);
    r.add(2000, 2250);
    expect(r.aheadOf(100)).toBe(400);
    expect(r.aheadOf(700)).toBe(0);
    expect(r.edgeAheadOf(100)).toBe(2150);
    expect(r.nextStartAfter(500)).toBe(2000);
    r.add(500, 2000); // the gap filled
    expect(r.aheadOf(100)).toBe(2150);
    r.trimBefore(3000);
    expect(r.edgeAheadOf(0)).toBe(2250);
  });
});

describe("MediaClock", () => {
  it("advances at its rate while running and stands still while waiting", () => {
    let now = 1000;
    const c = new MediaClock(() => now);
    c.set(500);
    now += 100;
    expect(c.ms).toBe(500);
    c.run(true);
    now += 100;
    expect(c.ms).toBe(600);
    c.setRate(1.1);
    now += 100;
    expect(c.ms).toBeCloseTo(710);
    c.run(false);
    now += 100;
    expect(c.ms).toBeCloseTo(710);
  });
});
