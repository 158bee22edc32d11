import { describe, expect, it } from "vitest";
import { ringCapacity, SampleRing } from "./ring.ts";

const seq = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);

describe("SampleRing", () => {
  it("rounds capacity up to a power of two", () => {
    expect(ringCapacity(1)).toBe(128);
    expect(ringCapacity(129)).toBe(256);
    expect(SampleRing.allocate(1000, false).capacity).toBe(1024);
  });

  it("keeps order across the wrap, over shared and plain memory", () => {
    for (const shared of [true, false]) {
      const ring = SampleRing.allocate(128, shared);
      const out = new Float32Array(100);
      let next = 0;
      let expected = 0;
      for (let round = 0; round < 20; round++) {
        expect(ring.write(seq(next, 70))).toBe(70);
        next += 70;
        expect(ring.read(out, 0, 70)).toBe(70);
        for (let i = 0; i < 70; i++) expect(out[i]).toBe(expected++);
      }
      expect(ring.available).toBe(0);
    }
  });

  it("writes only what fits and reads only what is there", () => {
    const ring = SampleRing.allocate(128, false);
    expect(ring.write(seq(0, 200))).toBe(128);
    expect(ring.free).toBe(0);
    const out = new Float32Array(200);
    expect(ring.read(out, 0, 200)).toBe(128);
    expect(out[127]).toBe(127);
    expect(ring.read(out, 0, 10)).toBe(0);
  });

  it("skips the oldest samples", () => {
    const ring = SampleRing.allocate(128, false);
    ring.write(seq(0, 50));
    expect(ring.skip(20)).toBe(20);
    const out = new Float32Array(1);
    ring.read(out, 0, 1);
    expect(out[0]).toBe(20);
    expect(ring.skip(1000)).toBe(29);
  });

  it("survives the counters wrapping past 2^31", () => {
    const ring = SampleRing.allocate(128, false);
    ring.header[0] = 0x7fff_fff0;
    ring.header[1] = 0x7fff_fff0;
    ring.write(seq(0, 100));
    expect(ring.available).toBe(100);
    const out = new Float32Array(100);
    expect(ring.read(out, 0, 100)).toBe(100);
    expect(out[99]).toBe(99);
  });

  it("refuses a capacity that is not a power of two", () => {
    expect(() => new SampleRing(new ArrayBuffer(16 + 4 * 100))).toThrow(/power of two/);
  });
});
