// The ABR policy on a simulated throttled path, on a fake clock: a 5 Mbit/s link
// drops to 1 Mbit/s; the policy must step down from 720p soon after, and stay
// down while the path is slow.
import { describe, expect, it } from "vitest";
import { AbrPolicy } from "./abr-policy.ts";
import { ThroughputMeter } from "./throughput-meter.ts";

const renditions = [
  { name: "video/720p", bitrate: 2_500_000 },
  { name: "video/360p", bitrate: 800_000 },
];
const TICK_MS = 250;

describe("ABR on a throttled path", () => {
  it("steps down within 2 s of the throttle and stays down", () => {
    const abr = new AbrPolicy({ upAfterMs: 10_000 });
    const meter = new ThroughputMeter(2000);
    let current = 0;
    let backlogBits = 0;
    const choices: { atMs: number; index: number }[] = [];
    for (let nowMs = 0; nowMs <= 30_000; nowMs += TICK_MS) {
      const capacityBps = nowMs < 10_000 ? 5_000_000 : 1_000_000;
      // The publisher sends the rendition's bitrate; the link delivers what it can.
      backlogBits += (renditions[current]!.bitrate * TICK_MS) / 1000;
      const delivered = Math.min(backlogBits, (capacityBps * TICK_MS) / 1000);
      backlogBits -= delivered;
      meter.add(nowMs, delivered / 8);
      const deliveryDelayMs = (backlogBits / capacityBps) * 1000;
      const next = abr.choose(renditions, current, {
        nowMs,
        throughputBps: meter.bitsPerSecond(nowMs),
        deliveryDelayMs,
        bufferAheadMs: Math.max(0, 800 - deliveryDelayMs),
        stalled: deliveryDelayMs > 800,
      });
      if (next !== current) {
        choices.push({ atMs: nowMs, index: next });
        current = next;
        backlogBits = 0; // the switch starts at the new rendition's next Group
      }
    }
    expect(choices.length).toBeGreaterThan(0);
    const down = choices[0]!;
    expect(down.index).toBe(1);
    expect(down.atMs).toBeGreaterThanOrEqual(10_000);
    expect(down.atMs).toBeLessThanOrEqual(12_000);
    // 1 Mbit/s cannot carry 720p: any step up is followed by a step down again.
    expect(current).toBe(1);
  });
});
