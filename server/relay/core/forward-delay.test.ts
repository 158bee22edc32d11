import { describe, expect, it } from "vitest";
import { delayQuantileMs, ForwardDelay } from "./forward-delay.ts";

describe("ForwardDelay", () => {
  it("counts delays in 1 ms buckets, clamping below 0 and from 10 s on", () => {
    const d = new ForwardDelay();
    for (const ms of [-3, 0, 0.9, 1, 2.5, 2.7, 25_000]) d.record(ms);
    expect(d.snapshot()).toEqual([
      [0, 3],
      [1, 1],
      [2, 2],
      [10_000, 1],
    ]);
  });

  it("gives quantiles of what was counted between two snapshots", () => {
    const d = new ForwardDelay();
    d.record(500); // before the window: not counted
    const before = d.snapshot();
    for (let i = 0; i < 98; i++) d.record(3);
    d.record(40);
    d.record(70);
    const after = d.snapshot();
    expect(delayQuantileMs(after, before, 0.5)).toBe(3);
    expect(delayQuantileMs(after, before, 0.99)).toBe(40);
    expect(delayQuantileMs(after, before, 1)).toBe(70);
    expect(delayQuantileMs(before, before, 0.5)).toBeNaN();
  });
});
