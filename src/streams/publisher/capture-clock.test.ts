import { describe, expect, it } from "vitest";
import { CaptureClock } from "./capture-clock.ts";

describe("CaptureClock", () => {
  it("keeps audio stamped on the page clock as it is", () => {
    let nowUs = 5_000_000;
    const c = new CaptureClock(() => nowUs);
    c.observe("audio", 4_990_000);
    nowUs = 5_300_000; // arrives late: changes nothing
    c.observe("audio", 5_000_000);
    expect(c.mediaUs("audio", 5_000_000)).toBe(5_000_000);
  });

  it("maps video by its shortest capture-to-arrival delay, lowered without going backwards", () => {
    let nowUs = 2_000_000;
    const c = new CaptureClock(() => nowUs);
    // A camera stamping since boot (9 000 s); the first frame arrives 130 ms late.
    const bootUs = 9_000_000_000;
    const frame = (i: number, delayUs: number) => {
      const captureUs = bootUs + i * 33_000;
      nowUs = 2_000_000 + i * 33_000 + delayUs;
      c.observe("video", captureUs);
      return c.mediaUs("video", captureUs);
    };
    const mapped = [frame(0, 130_000)];
    for (let i = 1; i < 12; i++) mapped.push(frame(i, 1000));
    for (let i = 1; i < mapped.length; i++) expect(mapped[i]!).toBeGreaterThan(mapped[i - 1]!);
    // Settled: every frame maps to when it would arrive after the shortest delay seen (1 ms).
    expect(mapped[11]).toBe(2_001_000 + 11 * 33_000);
    frame(12, 40_000); // a late frame does not raise the offset
    expect(c.mediaUs("video", bootUs + 13 * 33_000)).toBe(2_001_000 + 13 * 33_000);
  });

  it("maps audio not stamped on the page clock like video", () => {
    const nowUs = 3_000_000;
    const c = new CaptureClock(() => nowUs);
    c.observe("audio", 50_000_000);
    expect(c.mediaUs("audio", 50_000_000)).toBe(3_000_000);
  });
});
