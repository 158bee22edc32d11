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
});
