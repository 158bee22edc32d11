import { describe, expect, it } from "vitest";
import { MoqtSessionError } from "../../../src/moqt/session/index.ts";
import { ObjectStatus } from "../../../src/moqt/wire/data/index.ts";
import { SessionErrorCode } from "../../../src/moqt/wire/index.ts";
import { Relay } from "./relay.ts";
import { Collector, connect, ns, payloadOf, TrackPublisher, tn } from "./testing/harness.ts";
import { MemoryLogger } from "./testing/memory-logger.ts";
import { until } from "./testing/wait.ts";

describe("limits", () => {
  it("maxSessions: one more session is closed with INTERNAL_ERROR naming the limit", async () => {
    const logger = new MemoryLogger();
    const relay = new Relay({ auth: { mode: "none" }, limits: { maxSessions: 2 }, logger });
    await connect(relay);
    await connect(relay);
    const third = connect(relay);
    const e = await third.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(MoqtSessionError);
    expect((e as MoqtSessionError).termination).toBe(SessionErrorCode.INTERNAL_ERROR);
    expect((e as MoqtSessionError).reason).toContain("maxSessions");
    expect(logger.events("session.refused")[0]!.fields.reason).toBe("session limit");
    relay.close();
  });

  it("maxRequestsPerSession: further requests are rejected, the session goes on", async () => {
    const relay = new Relay({ auth: { mode: "none" }, limits: { maxRequestsPerSession: 2 } });
    const c = await connect(relay);
    await c.session.publishNamespace({ trackNamespace: ns("a") });
    await c.session.publishNamespace({ trackNamespace: ns("b") });
    const e = await c.session
      .publishNamespace({ trackNamespace: ns("c") })
      .catch((err: unknown) => err);
    expect(e).toMatchObject({ errorName: "INTERNAL_ERROR" });
    expect((e as Error).message).toContain("maxRequestsPerSession");
    c.session.publishNamespaceDone(0);
    await until(() => relay.stats().sessions === 1, "still up");
    await c.session.publishNamespace({ trackNamespace: ns("c") });
    relay.close();
  });

  it("maxObjectBytes: a larger Object is refused visibly (publisher stopped, PUBLISH_DONE with the limit)", async () => {
    const logger = new MemoryLogger();
    const relay = new Relay({ auth: { mode: "none" }, limits: { maxObjectBytes: 1000 }, logger });
    // A small stream window: the publisher is still writing the large Object when stopped.
    const pub = await connect(relay, { streamWindowBytes: 1024 });
    const track = await TrackPublisher.publish(pub.session, "a", "t");
    const c = new Collector();
    const done: { statusCode: number; reason: string }[] = [];
    const sub = await connect(relay, {
      on: { ...c.listeners(), publishDone: (m) => void done.push(m) },
    });
    await sub.session.subscribe({ trackNamespace: ns("a"), trackName: tn("t") });
    const w = await track.open(0);
    await w.write({ objectId: 0, status: ObjectStatus.NORMAL, payload: payloadOf(0, 0, 100) });
    const big = payloadOf(0, 1, 64 * 1024);
    void w.write({ objectId: 1, status: ObjectStatus.NORMAL, payload: big }).catch(() => {});
    // The publisher's stream is stopped (STOP_SENDING) while it is open.
    await expect(w.closed).rejects.toMatchObject({ name: "MoqtStreamError" });
    expect(logger.events("object.too_large")[0]!.fields.limit).toBe(1000);
    // The subscriber is told, with a reason naming the limit (PUBLISH_DONE INTERNAL_ERROR).
    await until(() => done.length === 1, "PUBLISH_DONE");
    expect(done[0]).toMatchObject({ statusCode: 0 });
    expect(done[0]!.reason).toContain("over the relay limit maxObjectBytes (1000)");
    // 0:1 never left; the track goes on for a new subscription.
    expect(c.keys()).not.toContain("0:1");
    const again = await sub.session.subscribe({ trackNamespace: ns("a"), trackName: tn("t") });
    await track.group(1, 2, { size: 500 });
    await until(() => c.keys(again.trackAlias).includes("1:1"), "objects within the bound");
    expect(pub.session.isClosed).toBe(false);
    relay.close();
  });

  it("maxCacheBytes bounds the cache over all tracks; maxCacheBytesPerTrack per track", async () => {
    const relay = new Relay({
      auth: { mode: "none" },
      limits: {
        maxCacheBytes: 40_000,
        maxCacheBytesPerTrack: 25_000,
        maxCachedGroupsPerTrack: 100,
      },
    });
    const pub = await connect(relay);
    const tracks = [
      await TrackPublisher.publish(pub.session, "a", "1", { alias: 1 }),
      await TrackPublisher.publish(pub.session, "a", "2", { alias: 2 }),
    ];
    const c = new Collector();
    const sub = await connect(relay, { on: c.listeners() });
    for (const name of ["1", "2"])
      await sub.session.subscribe({ trackNamespace: ns("a"), trackName: tn(name) });
    let peak = 0;
    for (let g = 0; g < 10; g++) {
      for (const t of tracks) await t.group(g, 5, { size: 1000 });
      await until(() => c.seen.length === (g + 1) * 10, "objects");
      peak = Math.max(peak, relay.stats().cacheBytes);
    }
    expect(peak).toBeLessThanOrEqual(40_000);
    expect(peak).toBeGreaterThan(20_000);
    relay.close();
  });
});
