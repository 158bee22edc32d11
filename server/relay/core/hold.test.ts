import { describe, expect, it } from "vitest";
import { DOES_NOT_EXIST_RETRY_MS } from "./hold.ts";
import { Relay } from "./relay.ts";
import { Collector, connect, ns, sendGroup, TrackPublisher, tn } from "./testing/harness.ts";
import { ManualClock } from "./testing/manual-clock.ts";
import { SubscribeAnswerer } from "./testing/namespace-publisher.ts";
import { settle, until } from "./testing/wait.ts";

/** RENDEZVOUS_TIMEOUT: the subscriber asks the relay to wait this long for a publisher. */
const wait = (rendezvousTimeoutMs: number) => ({ parameters: { rendezvousTimeoutMs } });

describe("SUBSCRIBE for a track nobody publishes, without RENDEZVOUS_TIMEOUT", () => {
  for (const draft of [14, 16] as const) {
    it(`draft-${draft}: DOES_NOT_EXIST at once, with a Retry Interval`, async () => {
      const relay = new Relay({ auth: { mode: "none" } });
      const sub = await connect(relay, { draft });
      const started = performance.now();
      const error = await sub.session
        .subscribe({ trackNamespace: ns("nonexistent/namespace"), trackName: tn("test-track") })
        .catch((e: unknown) => e);
      // A timer-free answer; the bound only guards against a hold (30 s by default).
      expect(performance.now() - started).toBeLessThan(1000);
      // draft-14 SUBSCRIBE_ERROR TRACK_DOES_NOT_EXIST (0x4); draft-16 REQUEST_ERROR
      // DOES_NOT_EXIST (0x10) whose Retry Interval is not 0 ("SHOULD NOT be retried").
      expect(error).toMatchObject({
        errorName: "DOES_NOT_EXIST",
        errorCode: draft === 14 ? 0x4 : 0x10,
        ...(draft === 16 && { retryIntervalMs: DOES_NOT_EXIST_RETRY_MS }),
      });
      expect(relay.stats()).toMatchObject({ heldSubscribes: 0, tracks: 0 });
      relay.close();
    });
  }

  it("RENDEZVOUS_TIMEOUT is capped by holdTimeoutMs", async () => {
    const clock = new ManualClock();
    const relay = new Relay({ auth: { mode: "none" }, clock, limits: { holdTimeoutMs: 2000 } });
    const sub = await connect(relay);
    const pending = sub.session.subscribe({
      trackNamespace: ns("x"),
      trackName: tn("y"),
      ...wait(3_600_000),
    });
    pending.catch(() => undefined);
    await until(() => relay.stats().heldSubscribes === 1, "hold");
    clock.advance(2000);
    await expect(pending).rejects.toMatchObject({ errorName: "DOES_NOT_EXIST" });
    relay.close();
  });
});

describe("SUBSCRIBE before the publisher arrives, with RENDEZVOUS_TIMEOUT", () => {
  it("is held until PUBLISH_NAMESPACE, then routed upstream (robot command track)", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const c = new Collector();
    const robot = await connect(relay, { draft: 14, on: c.listeners() });
    let answered = false;
    const pending = robot.session
      .subscribe({ trackNamespace: ns("robot/7/ctl"), trackName: tn("cmd"), ...wait(30_000) })
      .finally(() => {
        answered = true;
      });
    await settle(30);
    expect(answered).toBe(false);
    expect(relay.stats().heldSubscribes).toBe(1);
    const answers = new SubscribeAnswerer();
    const controller = await connect(relay, { draft: 16, handler: answers.handler() });
    await controller.session.publishNamespace({ trackNamespace: ns("robot/7/ctl") });
    const ok = await pending;
    expect(relay.stats().heldSubscribes).toBe(0);
    await sendGroup(controller.session, answers.accepted[0]!.alias, 0, 2);
    await until(() => c.seen.length === 2, "commands");
    expect(c.keys(ok.trackAlias)).toEqual(["0:0", "0:1"]);
    relay.close();
  });

  it("is held until a PUBLISH of the exact track", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const c = new Collector();
    const sub = await connect(relay, { on: c.listeners() });
    const pending = sub.session.subscribe({
      trackNamespace: ns("game"),
      trackName: tn("state"),
      ...wait(30_000),
    });
    await settle(10);
    const pub = await connect(relay, { draft: 14 });
    const track = await TrackPublisher.publish(pub.session, "game", "state");
    const ok = await pending;
    await track.group(0, 1);
    await until(() => c.seen.length === 1, "state");
    expect(c.seen[0]!.alias).toBe(ok.trackAlias);
    relay.close();
  });

  it("answers DOES_NOT_EXIST after the RENDEZVOUS_TIMEOUT", async () => {
    const clock = new ManualClock();
    const relay = new Relay({ auth: { mode: "none" }, clock });
    const sub = await connect(relay);
    const pending = sub.session.subscribe({
      trackNamespace: ns("x"),
      trackName: tn("y"),
      ...wait(5000),
    });
    pending.catch(() => undefined);
    await until(() => relay.stats().heldSubscribes === 1, "hold");
    clock.advance(4999);
    await settle(5);
    expect(relay.stats().heldSubscribes).toBe(1);
    clock.advance(1);
    await expect(pending).rejects.toMatchObject({ errorName: "DOES_NOT_EXIST" });
    expect(relay.stats().heldSubscribes).toBe(0);
    relay.close();
  });

  it("answers DOES_NOT_EXIST at once beyond maxHeldSubscribes", async () => {
    const relay = new Relay({ auth: { mode: "none" }, limits: { maxHeldSubscribes: 1 } });
    const sub = await connect(relay);
    const first = sub.session.subscribe({
      trackNamespace: ns("x"),
      trackName: tn("1"),
      ...wait(9000),
    });
    first.catch(() => undefined);
    await until(() => relay.stats().heldSubscribes === 1, "hold");
    await expect(
      sub.session.subscribe({ trackNamespace: ns("x"), trackName: tn("2"), ...wait(9000) }),
    ).rejects.toMatchObject({ errorName: "DOES_NOT_EXIST" });
    relay.close();
  });

  it("releases the hold when the subscriber withdraws (UNSUBSCRIBE)", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const sub = await connect(relay);
    const abort = new AbortController();
    const pending = sub.session.subscribe(
      { trackNamespace: ns("x"), trackName: tn("y"), ...wait(9000) },
      { signal: abort.signal },
    );
    pending.catch(() => undefined);
    await until(() => relay.stats().heldSubscribes === 1, "hold");
    abort.abort();
    await until(() => relay.stats().heldSubscribes === 0, "release");
    expect(relay.stats().tracks).toBe(0);
    relay.close();
  });
});
