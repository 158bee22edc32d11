import { describe, expect, it } from "vitest";
import { PlayoutGate } from "./playout-gate.ts";
import { WriteClock } from "./write-clock.ts";

describe("playout gate", () => {
  it("plays frames newer than the last one played and drops late ones", () => {
    const gate = new PlayoutGate();
    const played = [20, 40, 30, 60, 60, 50, 80].filter((ts) => gate.admit(ts));
    expect(played).toEqual([20, 40, 60, 80]);
    expect(gate.dropped).toBe(3);
  });
});

describe("write clock", () => {
  it("follows the wall clock but keeps a frame apart in bursts", () => {
    let now = 1_000_000;
    const clock = new WriteClock(20_000, () => now);
    expect([clock.next(), clock.next(), clock.next()]).toEqual([1_000_000, 1_020_000, 1_040_000]);
    now = 2_000_000;
    expect(clock.next()).toBe(2_000_000);
  });
});
