// A connection lost mid-stream: the client goes Connected → Reconnecting →
// Connected by itself, every track is re-established, and no text message is
// lost or duplicated, on either side of the relay.
import { afterEach, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../../server/relay/core/testing/memory-logger.ts";
import {
  ConnectionState,
  ExponentialBackoff,
  MoqtClient,
  MoqtClientError,
  MoqtClientErrorCode,
} from "./index.ts";
import { openRelay, type RelayDial, relayDial, settle, until } from "./testing/relay-dial.ts";

const URL = "https://localhost:4443/moq";
const fast = () => new ExponentialBackoff({ initialDelayMs: 20, maxDelayMs: 50 });

for (const draft of [14, 16] as const) {
  describe(`reconnect over draft-${draft}`, () => {
    const clients: MoqtClient[] = [];
    const open = (d: RelayDial, o: { maxQueuedTextMessages?: number } = {}) => {
      const states: ConnectionState[] = [];
      const c = MoqtClient.connect(URL, {
        dial: d.dial,
        reconnect: fast(),
        onState: (s) => states.push(s),
        ...o,
      });
      clients.push(c);
      return { c, states };
    };
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    });

    it("publisher loses its connection: text continues exactly once, writes while Reconnecting are queued", async () => {
      const relay = openRelay();
      const pd = relayDial(relay, draft);
      const pub = open(pd);
      const sub = open(relayDial(relay, draft));
      const text = pub.c.publishText("chat/r", "m", { capability: "chat" });
      const frames = pub.c.publishFrame("robot/r", "odom", { capability: "ros.telemetry" });
      await until(() => text.isLive && frames.isLive, "published");
      const got: string[] = [];
      const gotFrames: number[] = [];
      const s = sub.c.subscribeText("chat/r", "m", (_ts, t) => got.push(t));
      const gaps: unknown[] = [];
      s.on("gap", (g) => gaps.push(g));
      sub.c.subscribeFrame("robot/r", "odom", (ts) => gotFrames.push(ts));
      await until(() => s.isActive, "subscribed");
      let n = 0;
      for (; n < 100; n++) text.write(`m${n}`);
      frames.write(1, new Uint8Array([1]));
      // Every message was handed to the transport, but the relay has not read them all:
      // the loss takes them with it, and the publisher sends its current Groups again.
      await until(() => text.queued === 0, "messages handed to the transport", 4000, 0);
      pd.last().simulateConnectionLoss();
      await until(() => pub.c.state === ConnectionState.Reconnecting, "Reconnecting");
      for (; n < 150; n++) text.write(`m${n}`); // queued while Reconnecting
      expect(text.queued).toBeGreaterThanOrEqual(50);
      await until(() => pub.c.state === ConnectionState.Connected && text.isLive, "reconnected");
      for (; n < 200; n++) text.write(`m${n}`);
      frames.write(2, new Uint8Array([2]));
      await until(() => got.length >= 200 && gotFrames.includes(2), "200 messages and frame 2");
      await settle(100);
      expect(got).toEqual([...Array(200).keys()].map((i) => `m${i}`));
      expect(gaps).toEqual([]);
      expect(pub.states).toEqual(["Connected", "Reconnecting", "Connected"]);
      expect(sub.states).toEqual(["Connected"]);
      expect(pd.transports).toHaveLength(2);
      relay.close();
    });

    it("subscriber loses its connection: it FETCHes the gap from the relay cache", async () => {
      const logger = new MemoryLogger();
      const relay = openRelay({ logger });
      const sd = relayDial(relay, draft);
      const pub = open(relayDial(relay, draft));
      const sub = open(sd);
      const text = pub.c.publishText("chat/s", "m", { capability: "chat" });
      await until(() => text.isLive, "published");
      const got: string[] = [];
      const s = sub.c.subscribeText("chat/s", "m", (_ts, t) => got.push(t));
      await until(() => s.isActive, "subscribed");
      let n = 0;
      for (; n < 70; n++) text.write(`m${n}`);
      await until(() => got.length === 70, "70 messages");
      sd.last().simulateConnectionLoss();
      await until(() => sub.c.state === ConnectionState.Reconnecting, "Reconnecting");
      for (; n < 180; n++) text.write(`m${n}`); // published while the subscriber is away
      await until(() => sub.c.state === ConnectionState.Connected, "reconnected");
      for (; n < 200; n++) text.write(`m${n}`);
      await until(() => got.length >= 200, "200 messages");
      await settle(100);
      expect(got).toEqual([...Array(200).keys()].map((i) => `m${i}`));
      expect(sub.states).toEqual(["Connected", "Reconnecting", "Connected"]);
      expect(logger.events("fetch.served").length).toBeGreaterThan(0);
      relay.close();
    });

    it("text written while Reconnecting is bounded: QUEUE_OVERFLOW beyond the limit", async () => {
      const relay = openRelay();
      const pd = relayDial(relay, draft);
      const pub = open(pd, { maxQueuedTextMessages: 10 });
      const text = pub.c.publishText("chat/q", "m", { capability: "chat" });
      await until(() => text.isLive, "published");
      // A subscriber from before the loss: it asks again while the track is gone and
      // fills what it missed from the relay's cache once the publisher is back.
      const sub = open(relayDial(relay, draft));
      const got: string[] = [];
      const subscription = sub.c.subscribeText("chat/q", "m", (_ts, t) => got.push(t));
      await until(() => subscription.isActive, "subscribed");
      pd.down = true; // the relay stays unreachable: the client keeps Reconnecting
      pd.last().simulateConnectionLoss();
      await until(() => pub.c.state === ConnectionState.Reconnecting, "Reconnecting");
      for (let i = 0; i < 10; i++) text.write(`q${i}`);
      let overflow: unknown;
      try {
        text.write("one too many");
      } catch (e) {
        overflow = e;
      }
      expect(overflow).toBeInstanceOf(MoqtClientError);
      expect((overflow as MoqtClientError).code).toBe(MoqtClientErrorCode.QUEUE_OVERFLOW);
      expect(text.queued).toBe(10);
      // Once the relay is back, the ten queued messages go out.
      pd.down = false;
      await until(() => got.length === 10, "the 10 queued messages");
      expect(got).toEqual([...Array(10).keys()].map((i) => `q${i}`));
    });
  });
}
