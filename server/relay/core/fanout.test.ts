import { describe, expect, it } from "vitest";
import { Relay } from "./relay.ts";
import type { SentBytes } from "./testing/counting-transport.ts";
import { Collector, connect, expectedKeys, ns, TrackPublisher, tn } from "./testing/harness.ts";
import { until } from "./testing/wait.ts";

const GROUPS = 5;
const PER_GROUP = 10;
const SIZE = 200;

/** One publisher, `n` subscribers (alternating drafts); what the publisher sent and each one got. */
async function fanOut(
  n: number,
): Promise<{ sent: SentBytes; collectors: Collector[]; aliases: number[] }> {
  const relay = new Relay({ auth: { mode: "none" } });
  const pub = await connect(relay, { count: true });
  const track = await TrackPublisher.publish(pub.session, "live/show", "video");
  const collectors: Collector[] = [];
  const aliases: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = new Collector();
    const sub = await connect(relay, { draft: i % 2 === 0 ? 16 : 14, on: c.listeners() });
    const ok = await sub.session.subscribe({
      trackNamespace: ns("live/show"),
      trackName: tn("video"),
    });
    collectors.push(c);
    aliases.push(ok.trackAlias);
  }
  for (let g = 0; g < GROUPS; g++) await track.group(g, PER_GROUP, { size: SIZE });
  const total = GROUPS * PER_GROUP;
  await until(
    () => collectors.every((c) => c.seen.length === total),
    "every object at every subscriber",
    10_000,
  );
  relay.close();
  return { sent: { ...pub.counter!.sent }, collectors, aliases };
}

describe("fan-out", () => {
  it("1 publisher → 50 subscribers: every object to every subscriber, publisher bytes unchanged", async () => {
    const one = await fanOut(1);
    const fifty = await fanOut(50);
    expect(fifty.collectors).toHaveLength(50);
    const want = expectedKeys(0, GROUPS - 1, PER_GROUP);
    fifty.collectors.forEach((c, i) => {
      expect(c.keys(fifty.aliases[i])).toEqual(want);
      // One stream per group per subscriber.
      expect(c.streams).toHaveLength(GROUPS);
    });
    // The publisher sends each object once, whatever the subscriber count.
    expect(fifty.sent.data).toBe(one.sent.data);
    expect(fifty.sent.control).toBe(one.sent.control);
    expect(fifty.sent.data).toBeGreaterThan(GROUPS * PER_GROUP * SIZE);
    expect(fifty.sent.data).toBeLessThan(GROUPS * PER_GROUP * (SIZE + 8));
  }, 20_000);
});
