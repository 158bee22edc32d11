import { describe, expect, it } from "vitest";
import {
  JITTER_MARGIN_MS,
  LatencyTarget,
  STALL_STEP_MIN_MS,
  STALL_STEP_MS,
} from "./latency-target.ts";

/** Objects of `durationMs` each, arriving `lagMs` after their capture ended, from `fromMs` on. */
function feed(t: LatencyTarget, n: number, durationMs: number, lagMs: number, fromMs = 0) {
  for (let i = 0; i < n; i++) {
    const captureMs = fromMs + i * durationMs;
    t.observe(captureMs + durationMs + lagMs, captureMs);
  }
}

describe("LatencyTarget", () => {
  it("is unknown before the first Object", () => {
    expect(new LatencyTarget().targetMs).toBeUndefined();
  });

  it("follows the delivery cadence: one frame per Object gives a low target", () => {
    const t = new LatencyTarget();
    feed(t, 90, 33, 15);
    expect(t.targetMs).toBe(33 + 15 + JITTER_MARGIN_MS);
  });

  it("follows the delivery cadence: one-second fragments give a target above a second", () => {
    const t = new LatencyTarget();
    feed(t, 6, 1000, 40);
    expect(t.targetMs).toBe(1000 + 40 + JITTER_MARGIN_MS);
  });

  it("covers the jitter it sees (a high percentile of the delay)", () => {
    const t = new LatencyTarget();
    for (let i = 0; i < 100; i++) {
      const captureMs = i * 33;
      const lagMs = i % 10 === 0 ? 80 : 10; // every tenth Object is late
      t.observe(captureMs + 33 + lagMs, captureMs);
    }
    expect(t.targetMs).toBe(33 + 80 + JITTER_MARGIN_MS);
  });

  it("does not churn on small changes, follows large ones both ways", () => {
    const t = new LatencyTarget();
    feed(t, 90, 33, 15);
    const settled = t.targetMs;
    feed(t, 200, 33, 25, 3000); // 10 ms more delay: inside the hysteresis
    expect(t.targetMs).toBe(settled);
    feed(t, 200, 33, 200, 10_000); // the path got slower
    expect(t.targetMs).toBe(33 + 200 + JITTER_MARGIN_MS);
    feed(t, 200, 33, 15, 20_000); // and fast again, once the window forgot the slow part
    expect(t.targetMs).toBe(settled);
  });

  it("starts over after reset", () => {
    const t = new LatencyTarget();
    feed(t, 10, 1000, 40);
    t.reset();
    feed(t, 10, 33, 15);
    expect(t.targetMs).toBe(33 + 15 + JITTER_MARGIN_MS);
  });

  it("holds more after each stall, and gives it back step by step once playback is steady", () => {
    const t = new LatencyTarget();
    feed(t, 90, 33, 15);
    const base = 33 + 15 + JITTER_MARGIN_MS;
    t.stalled(3000, 400);
    t.stalled(3500, 400);
    expect(t.targetMs).toBe(base + 2 * STALL_STEP_MS);
    feed(t, 900, 33, 15, 4000); // ~30 s without a stall
    expect(t.targetMs).toBe(base + STALL_STEP_MS);
    feed(t, 1000, 33, 15, 34_000); // another ~33 s
    expect(t.targetMs).toBe(base);
    t.stalled(70_000, 400);
    t.reset();
    feed(t, 10, 33, 15);
    expect(t.targetMs).toBe(base);
  });

  it("adds what a stall lacked: its length, within the step bounds", () => {
    const t = new LatencyTarget();
    feed(t, 90, 33, 15);
    const base = 33 + 15 + JITTER_MARGIN_MS;
    t.stalled(3000, 62);
    expect(t.targetMs).toBe(base + 62);
    t.stalled(3500, 5); // a blink still holds a little more
    expect(t.targetMs).toBe(base + 62 + STALL_STEP_MIN_MS);
    t.stalled(4000, 2000); // an outage: one full step, not its length
    expect(t.targetMs).toBe(base + 62 + STALL_STEP_MIN_MS + STALL_STEP_MS);
  });
});
