// An idle subscriber notices a relay that went silent (crash, dead path) in
// about a second through its TRACK_STATUS probes, not at the transport's idle
// timeout, and reconnects.
import { afterAll, describe, expect, it } from "vitest";
import { ConnectionState, ExponentialBackoff, MoqtClient } from "./index.ts";
import { openRelay, relayDial, settle, until } from "./testing/relay-dial.ts";

const URL = "https://localhost/moq";
const IDLE_TIMEOUT_MS = 20_000;

for (const draft of [14, 16] as const) {
  describe(`keepalive over draft-${draft}`, () => {
    const relay = openRelay();
    const clients: MoqtClient[] = [];
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      relay.close();
    });

    async function idleSubscriber(keepaliveIntervalMs: number) {
      const ns = `keepalive/${keepaliveIntervalMs}`;
      const dial = relayDial(relay, draft);
      const states: ConnectionState[] = [];
      const reconnect = new ExponentialBackoff({ initialDelayMs: 20, maxDelayMs: 50 });
      const pub = MoqtClient.connect(URL, { dial: relayDial(relay, draft).dial });
      const sub = MoqtClient.connect(URL, {
        dial: dial.dial,
        reconnect,
        keepaliveIntervalMs,
        onState: (s) => states.push(s),
      });
      clients.push(pub, sub);
      const frames = pub.publishFrame(ns, "odom", { capability: "ros.telemetry" });
      const got: number[] = [];
      const s = sub.subscribeFrame(ns, "odom", (_, __, d) => got.push(d[0] ?? -1));
      await until(() => frames.isLive && s.isActive, "subscribed");
      await settle(4 * keepaliveIntervalMs); // probes answered: the relay is known to answer
      dial.last().simulateSilentLoss(IDLE_TIMEOUT_MS);
      return { states, frames, got };
    }

    it("a silent relay is noticed within a few probe intervals and the client reconnects", async () => {
      const { states, frames, got } = await idleSubscriber(100);
      const lostAt = Date.now();
      await until(() => states.includes(ConnectionState.Reconnecting), "Reconnecting", 2_000);
      expect(Date.now() - lostAt).toBeLessThan(1_000);
      await until(() => states.at(-1) === ConnectionState.Connected, "Connected again", 2_000);
      let n = 0;
      await until(
        () => {
          frames.write(1, new Uint8Array([n++]), 200);
          return got.length > 0;
        },
        "frames after the reconnect",
        3_000,
        20,
      );
    });

    it("a publisher writing a frame every 10 ms notices a silent relay too", async () => {
      const ns = "keepalive/publisher";
      const dial = relayDial(relay, draft);
      const states: ConnectionState[] = [];
      const pub = MoqtClient.connect(URL, {
        dial: dial.dial,
        reconnect: new ExponentialBackoff({ initialDelayMs: 20, maxDelayMs: 50 }),
        keepaliveIntervalMs: 100,
        onState: (st) => states.push(st),
      });
      clients.push(pub);
      const frames = pub.publishFrame(ns, "odom", { capability: "ros.telemetry" });
      await until(() => frames.isLive, "live");
      let n = 0;
      const writer = setInterval(() => frames.write(1, new Uint8Array([n++ & 255]), 200), 10);
      try {
        await settle(400);
        dial.last().simulateSilentLoss(IDLE_TIMEOUT_MS);
        const lostAt = Date.now();
        await until(() => states.includes(ConnectionState.Reconnecting), "Reconnecting", 3_000);
        expect(Date.now() - lostAt).toBeLessThan(1_500);
      } finally {
        clearInterval(writer);
      }
    });

    it("without keepalive the loss stays unnoticed until the idle timeout", async () => {
      const { states } = await idleSubscriber(0);
      await settle(1_000);
      expect(states).toEqual([ConnectionState.Connected]);
    });
  });
}
