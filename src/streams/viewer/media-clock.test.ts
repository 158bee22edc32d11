import { describe, expect, it } from "vitest";
import { MediaClock } from "./media-clock.ts";

describe("MediaClock", () => {
  it("projects the playhead to a later page time at its rate (the audio output's anchor)", () => {
    let nowMs = 0;
    const clock = new MediaClock(() => nowMs);
    clock.set(500);
    expect(clock.msAt(300)).toBe(500); // stopped
    clock.run(true);
    nowMs = 100;
    clock.setRate(1.1);
    expect(clock.msAt(300)).toBeCloseTo(820, 6);
  });

  it("tells its observer about seeks, rate changes and start/stop", () => {
    const changes: string[] = [];
    const clock = new MediaClock(() => 0);
    clock.observe((c) => changes.push(c));
    clock.run(true);
    clock.setRate(1.05);
    clock.set(1000);
    clock.run(false);
    clock.run(false);
    expect(changes).toEqual(["run", "rate", "seek", "run"]);
    expect(clock.ms).toBe(1000);
  });

  it("runs in step in a copy loaded with its state on another time base (a worker's clock)", () => {
    let pageMs = 1000;
    const clock = new MediaClock(() => pageMs);
    const originMs = 5000; // the copy's time base is ahead by this much
    const copy = new MediaClock(() => pageMs + originMs);
    const follow = () => {
      const s = clock.state();
      copy.load({ ...s, baseAtMs: s.baseAtMs + originMs });
    };
    const stop = clock.observe(follow);
    const seen: string[] = [];
    clock.observe((c) => seen.push(c));
    clock.set(200);
    clock.setRate(1.25);
    clock.run(true);
    pageMs += 400;
    expect(copy.ms).toBeCloseTo(700, 6);
    stop();
    clock.set(0);
    expect(copy.ms).toBeCloseTo(700, 6); // no longer following
    expect(seen).toEqual(["seek", "rate", "run", "seek"]);
  });
});
