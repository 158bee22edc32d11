// The keepalive judges the relay by silence, not by one late answer: a relay
// that is slow to answer TRACK_STATUS but still sends is kept, answers that
// have been slow lengthen the allowance, and a relay that sends nothing at all
// is still dropped after 3 probe intervals.
import { describe, expect, it } from "vitest";
import { Liveness } from "./liveness.ts";
import { trackName } from "./track-name.ts";

const TRACK = trackName("keepalive/x", "odom");

/** A session whose TRACK_STATUS answers take `answerMs()` (Infinity: never). */
function fakeLink(answerMs: () => number) {
  const link = {
    isClosed: false,
    session: {
      trackStatus: () =>
        new Promise<void>((resolve) => {
          const ms = answerMs();
          if (Number.isFinite(ms)) setTimeout(resolve, ms);
        }),
    },
  };
  return link as unknown as ConstructorParameters<typeof Liveness>[0] & { isClosed: boolean };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("keepalive tolerance", () => {
  it("a relay that stops answering but keeps sending is not dropped; silence is", async () => {
    let stalled = false;
    let lastInboundMs = Date.now();
    const link = fakeLink(() => (stalled ? Number.POSITIVE_INFINITY : 5));
    let deadAtMs: number | undefined;
    const live = new Liveness(
      link,
      () => TRACK,
      50,
      () => {
        deadAtMs = Date.now();
      },
      () => lastInboundMs,
    );
    live.start();
    await wait(200); // answered: the relay is known to answer
    stalled = true;
    const sending = setInterval(() => {
      lastInboundMs = Date.now();
    }, 20);
    await wait(600); // 12 intervals without an answer, but Objects keep coming
    expect(deadAtMs).toBeUndefined();
    clearInterval(sending);
    const silentFromMs = Date.now();
    await wait(600);
    live.end();
    expect(deadAtMs).toBeDefined();
    // 3 intervals of silence, checked once per interval (plus timer slack).
    expect(deadAtMs! - silentFromMs).toBeLessThan(400);
  });

  it("slow answers lengthen the allowance", async () => {
    let answerMs = 120; // 2.4 intervals: on time, but slow
    const link = fakeLink(() => answerMs);
    let dead = false;
    const live = new Liveness(
      link,
      () => TRACK,
      50,
      () => {
        dead = true;
      },
      () => 0,
    );
    live.start();
    await wait(800);
    expect(live.allowanceMs).toBeGreaterThanOrEqual(360);
    answerMs = 300; // a stall longer than 3 intervals, within 3 × the slowest recent answer
    await wait(700);
    expect(dead).toBe(false);
    live.end();
  });
});
