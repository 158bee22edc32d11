import { describe, expect, it } from "vitest";
import { Relay } from "./relay.ts";
import { Collector, connect, expectedKeys, ns, TrackPublisher, tn } from "./testing/harness.ts";
import { settle, until } from "./testing/wait.ts";

describe("a subscriber that never reads", () => {
  it("stalls neither the publisher nor the other subscribers; its queue stays bounded", async () => {
    const maxQueuedBytes = 64 * 1024;
    const maxOpen = 8;
    const relay = new Relay({
      auth: { mode: "none" },
      limits: { maxQueuedBytesPerSession: maxQueuedBytes, maxOpenStreamsPerSession: maxOpen },
    });
    const pub = await connect(relay);
    const track = await TrackPublisher.publish(pub.session, "telemetry", "lidar");
    const T = { trackNamespace: ns("telemetry"), trackName: tn("lidar") };

    const stuck = new Collector();
    const slow = await connect(relay, { on: stuck.listeners(false), streamWindowBytes: 1024 });
    await slow.session.subscribe(T);
    const fast = new Collector();
    const ok = await (await connect(relay, { draft: 14, on: fast.listeners() })).session.subscribe(
      T,
    );

    const groups = 40;
    const perGroup = 10;
    let peakQueued = 0;
    let peakOpen = 0;
    const started = Date.now();
    for (let g = 0; g < groups; g++) {
      await track.group(g, perGroup, { size: 1000 });
      // A live source: 10 KB per group, paced; the queue bound is far above one group.
      await settle(3);
      const s = [...relay.stats().outboxes.values()];
      for (const o of s) {
        peakQueued = Math.max(peakQueued, o.queuedBytes);
        peakOpen = Math.max(peakOpen, o.openStreams);
      }
    }
    const publishMs = Date.now() - started;
    await until(() => fast.seen.length === groups * perGroup, "fast subscriber", 5000);
    expect(fast.keys(ok.trackAlias)).toEqual(expectedKeys(0, groups - 1, perGroup));
    // 400 KB through a session that reads nothing: the relay dropped old groups.
    // Sessions 1, 2, 3: the publisher, the slow and the fast subscriber.
    const outboxes = relay.stats().outboxes;
    expect(outboxes.get(2)!.droppedStreams).toBeGreaterThan(20);
    expect(outboxes.get(3)!.droppedStreams).toBe(0);
    expect(peakQueued).toBeLessThanOrEqual(maxQueuedBytes + 2048);
    expect(peakOpen).toBeLessThanOrEqual(maxOpen);
    expect(publishMs).toBeLessThan(3000);
    // The slow subscriber holds at most maxOpen streams of the newest groups.
    expect(stuck.streams.length).toBeGreaterThan(0);
    const newest = Math.max(...stuck.streams.map((s) => s.header.groupId));
    expect(newest).toBeGreaterThanOrEqual(groups - maxOpen);
    relay.close();
  }, 15_000);
});
