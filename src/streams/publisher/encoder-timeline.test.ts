import { describe, expect, it } from "vitest";
import { EncoderTimeline } from "./encoder-timeline.ts";

describe("EncoderTimeline", () => {
  it("maps sample-counted output times back over gaps in the input", () => {
    const t = new EncoderTimeline();
    // 20 frames of 10 ms from 1 s, then a 300 ms gap (dropped frames), 20 more.
    for (let i = 0; i < 20; i++) t.input(1_000_000 + i * 10_000, 10_000);
    for (let i = 0; i < 20; i++) t.input(1_500_000 + i * 10_000, 10_000);
    // Chromium's Opus output (measured): 20 ms chunks from 1.0 s, the gap ignored.
    expect(t.captureUs(1_000_000)).toBe(1_000_000);
    expect(t.captureUs(1_180_000)).toBe(1_180_000);
    expect(t.captureUs(1_200_000)).toBe(1_500_000);
    expect(t.captureUs(1_380_000)).toBe(1_680_000);
  });

  it("passes a gapless input through", () => {
    const t = new EncoderTimeline();
    for (let i = 0; i < 5; i++) t.input(7_000 + i * 10_000, 10_000);
    expect(t.captureUs(27_000)).toBe(27_000);
  });
});
