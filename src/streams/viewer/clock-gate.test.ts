import { describe, expect, it } from "vitest";
import { CLOCK_AHEAD_MIN_MS, inHand, startAction } from "./clock-gate.ts";

describe("clock gate", () => {
  const start = (videoAheadMs: number, audioAheadMs: number | undefined, o = {}) =>
    startAction(
      { videoAheadMs, audioAheadMs, firstFrameShown: true, sinceStartMs: 100, ...o },
      500,
    );

  it("starts only once the first frame shows and video and decoded audio are in hand", () => {
    expect(start(200, 200, { firstFrameShown: false })).toBe("wait");
    expect(start(CLOCK_AHEAD_MIN_MS - 1, 200)).toBe("wait");
    // The audio decoder has output nothing yet: a clock started now would stop at once.
    expect(start(200, 0)).toBe("wait");
    expect(start(200, CLOCK_AHEAD_MIN_MS)).toBe("run");
    expect(start(200, undefined)).toBe("run"); // no audio to wait for (suspended, or none)
  });

  it("goes on without audio that has not come within the bound", () => {
    expect(start(200, 0, { sinceStartMs: 499 })).toBe("wait");
    expect(start(200, 0, { sinceStartMs: 500 })).toBe("run without audio");
    // Never without video.
    expect(start(0, 0, { sinceStartMs: 5000 })).toBe("wait");
  });

  it("resumes after a stall only with media in hand, not on the first frame that comes", () => {
    expect(inHand({ videoAheadMs: 33, audioAheadMs: 200 })).toBe(false);
    expect(inHand({ videoAheadMs: 200, audioAheadMs: 20 })).toBe(false);
    expect(inHand({ videoAheadMs: 40, audioAheadMs: 40 })).toBe(true);
    expect(inHand({ videoAheadMs: 40, audioAheadMs: undefined })).toBe(true);
  });
});
