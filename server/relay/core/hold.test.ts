import { describe, expect, it } from "vitest";
import { Relay } from "./relay.ts";
import { Collector, connect, ns, sendGroup, TrackPublisher, tn } from "./testing/harness.ts";
import { ManualClock } from "./testing/manual-clock.ts";
import { SubscribeAnswerer } from "./testing/namespace-publisher.ts";
import { settle, until } from "./testing/wait.ts";

describe("SUBSCRIBE before the publisher arrives", () => {
  it("is held until PUBLISH_NAMESPACE, then routed upstream (robot command track)", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const c = new Collector();
    const robot = await connect(relay, { draft: 14, on: c.listeners() });
    let answered = false;
    const pending = robot.session
      .subscribe({ trackNamespace: ns("robot/7/ctl"), trackName: tn("cmd") })
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
    const pending = sub.session.subscribe({ trackNamespace: ns("game"), trackName: tn("state") });
    await settle(10);
    const pub = await connect(relay, { draft: 14 });
    const track = await TrackPublisher.publish(pub.session, "game", "state");
    const ok = await pending;
    await track.group(0, 1);
    await until(() => c.seen.length === 1, "state");
    expect(c.seen[0]!.alias).toBe(ok.trackAlias);
    relay.close();
  });

  it("answers DOES_NOT_EXIST after holdTimeoutMs", async () => {
    const clock = new ManualClock();
    const relay = new Relay({ auth: { mode: "none" }, clock, limits: { holdTimeoutMs: 5000 } });
    const sub = await connect(relay);
    const pending = sub.session.subscribe({ trackNamespace: ns("x"), trackName: tn("y") });
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
    const first = sub.session.subscribe({ trackNamespace: ns("x"), trackName: tn("1") });
    first.catch(() => undefined);
    await until(() => relay.stats().heldSubscribes === 1, "hold");
    await expect(
      sub.session.subscribe({ trackNamespace: ns("x"), trackName: tn("2") }),
    ).rejects.toMatchObject({ errorName: "DOES_NOT_EXIST" });
    relay.close();
  });

  it("releases the hold when the subscriber withdraws (UNSUBSCRIBE)", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const sub = await connect(relay);
    const abort = new AbortController();
    const pending = sub.session.subscribe(
      { trackNamespace: ns("x"), trackName: tn("y") },
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
