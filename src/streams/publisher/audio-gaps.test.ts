import { describe, expect, it } from "vitest";
import { AudioGaps } from "./audio-gaps.ts";

describe("AudioGaps", () => {
  it("leaves timestamps alone while the input is continuous", () => {
    const g = new AudioGaps();
    for (let i = 0; i < 10; i++) g.input(i * 10_000, 10_000);
    expect(g.output(0)).toBe(0);
    expect(g.output(80_000)).toBe(80_000);
  });

  it("puts back the time of input the encoder never saw", () => {
    const g = new AudioGaps();
    // 10 ms inputs; 0–100 ms arrive, 100–400 ms are dropped, then 400 ms on, then 600 ms on.
    for (let t = 0; t < 100_000; t += 10_000) g.input(t, 10_000);
    for (let t = 400_000; t < 500_000; t += 10_000) g.input(t, 10_000);
    for (let t = 600_000; t < 700_000; t += 10_000) g.input(t, 10_000);
    // The encoder counts samples: it stamps the input at 400 ms as 100 ms, at 600 ms as 200 ms.
    expect(g.output(80_000)).toBe(80_000);
    expect(g.output(100_000)).toBe(400_000);
    expect(g.output(180_000)).toBe(480_000);
    expect(g.output(200_000)).toBe(600_000);
    expect(g.output(260_000)).toBe(660_000);
  });

  it("ignores jitter: late and early timestamps around the count", () => {
    const g = new AudioGaps();
    const jitterUs = [0, 10_000, -8000, 3000, 9000, -1000, 6000, -5000];
    for (let i = 0; i < 300; i++) g.input(i * 10_000 + jitterUs[i % jitterUs.length]!, 10_000);
    expect(g.output(2_990_000)).toBe(2_990_000);
  });

  it("puts back a small gap once a window of inputs agrees on it", () => {
    const g = new AudioGaps();
    // 10 ms inputs; the one at 100 ms is lost, the rest 10 ms later than counted.
    for (let t = 0; t < 100_000; t += 10_000) g.input(t, 10_000);
    for (let t = 110_000; t < 500_000; t += 10_000) g.input(t, 10_000);
    expect(g.output(50_000)).toBe(50_000);
    // The window of 0–200 ms held inputs on the count; the next one agreed: from 390 ms on.
    expect(g.output(380_000)).toBe(380_000);
    expect(g.output(390_000)).toBe(400_000);
    expect(g.output(480_000)).toBe(490_000);
  });
});
