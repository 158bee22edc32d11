import { describe, expect, it } from "vitest";
import { MediaClock } from "./media-clock.ts";

describe("MediaClock", () => {
  it("follows its master while it gives a time, and goes on from there on the page clock", () => {
    let nowMs = 0;
    let audioMs: number | undefined = 500;
    const clock = new MediaClock(() => nowMs);
    clock.follow(() => audioMs);
    expect(clock.ms).toBe(0); // stopped: the master does not move it
    clock.run(true);
    expect(clock.ms).toBe(500);
    nowMs = 100;
    audioMs = 590; // audio behind the page clock: the picture waits for the sound
    expect(clock.ms).toBe(590);
    audioMs = undefined; // no audio (underrun): the page clock runs on from the last time
    nowMs = 150;
    expect(clock.ms).toBe(640);
  });

  it("tells its observer about seeks, rate changes and start/stop, not about following", () => {
    const changes: string[] = [];
    let audioMs: number | undefined = 42;
    const clock = new MediaClock(() => 0);
    clock.observe((c) => {
      changes.push(c);
      if (c === "seek") audioMs = undefined; // what the audio output does: flush
    });
    clock.follow(() => audioMs);
    clock.run(true);
    void clock.ms;
    clock.setRate(1.05);
    clock.set(1000);
    clock.run(false);
    expect(changes).toEqual(["run", "rate", "seek", "run"]);
    expect(clock.ms).toBe(1000);
  });
});
