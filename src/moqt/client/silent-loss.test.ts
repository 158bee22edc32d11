// A relay path that dies silently (a crash, a dead network path: no close, no
// reset) is only noticed at the QUIC idle timeout. Everything the publisher wrote
// in that window went nowhere although the transport took it; the publisher
// retains it (`textRetentionMs`) and sends it again on the next session, so the
// subscriber still gets every message exactly once, in order, without a `gap` —
// live, or FETCHed from the relay's cache when it comes back after the publisher.
import { afterEach, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../../server/relay/core/testing/memory-logger.ts";
import { ConnectionState, ExponentialBackoff, MoqtClient } from "./index.ts";
import { openRelay, relayDial, settle, until } from "./testing/relay-dial.ts";

const URL = "https://localhost:4443/moq";
const fast = () => new ExponentialBackoff({ initialDelayMs: 20, maxDelayMs: 50 });
// The loss is left to the idle timeout here (keepalive off: a relay that does not
// answer TRACK_STATUS, or a client that turned it off); liveness.test.ts covers the probes.
const NO_KEEPALIVE = { keepaliveIntervalMs: 0 };

/** A wall clock the test moves: the simulated silence lasts 10 s without taking 10 s. */
class FakeClock {
  private t = Date.now();
  nowMs(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

for (const draft of [14, 16] as const) {
  describe(`silent connection loss over draft-${draft}`, () => {
    const clients: MoqtClient[] = [];
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    });

    it("text written during 10 s of silence before the idle timeout arrives exactly once, no gap", async () => {
      const relay = openRelay();
      const pd = relayDial(relay, draft);
      const clock = new FakeClock();
      const pubStates: ConnectionState[] = [];
      const pub = MoqtClient.connect(URL, {
        dial: pd.dial,
        reconnect: fast(),
        clock,
        onState: (s) => pubStates.push(s),
      });
      const sub = MoqtClient.connect(URL, {
        dial: relayDial(relay, draft).dial,
        reconnect: fast(),
        ...NO_KEEPALIVE,
      });
      clients.push(pub, sub);
      const text = pub.publishText("chat/silent", "m", { capability: "chat" });
      await until(() => text.isLive, "published");
      const got: string[] = [];
      const gaps: unknown[] = [];
      const s = sub.subscribeText("chat/silent", "m", (_ts, t) => got.push(t));
      s.on("gap", (g) => gaps.push(g));
      await until(() => s.isActive, "subscribed");

      let n = 0;
      for (; n < 10; n++) text.write(`m${n}`);
      await until(() => got.length === 10, "10 messages before the silence");

      // The path dies; the loss is reported only after the (real-time) idle timeout.
      pd.last().simulateSilentLoss(400);
      // 10 s of simulated time, one message every 20 ms: 500 messages (~8 Groups),
      // far beyond the current and previous Group.
      const silent = 10 + 500;
      for (; n < silent; n++) {
        clock.advance(20);
        text.write(`m${n}`);
        if (n % 25 === 0) await settle(1);
      }
      // The transport took every one of them (nothing waits), and nobody noticed yet.
      await until(() => text.queued === 0, "messages handed to the dead transport");
      expect(pub.state).toBe(ConnectionState.Connected);
      expect(got.length).toBe(10);

      await until(() => pub.state === ConnectionState.Reconnecting, "idle timeout");
      await until(() => pub.state === ConnectionState.Connected && text.isLive, "reconnected");
      for (; n < silent + 20; n++) {
        clock.advance(20);
        text.write(`m${n}`);
      }
      await until(() => got.length >= n || gaps.length > 0, `${n} messages`, 15_000);
      await settle(100);
      expect(gaps).toEqual([]);
      expect(got).toEqual([...Array(n).keys()].map((i) => `m${i}`));
      expect(pubStates).toEqual(["Connected", "Reconnecting", "Connected"]);
      relay.close();
    }, 45_000);

    it("both paths die; the subscriber notices last and FETCHes the whole silence from the relay cache", async () => {
      const logger = new MemoryLogger();
      const relay = openRelay({ logger }); // default cache limits
      const pd = relayDial(relay, draft);
      const sd = relayDial(relay, draft);
      const clock = new FakeClock();
      const pub = MoqtClient.connect(URL, { dial: pd.dial, reconnect: fast(), clock });
      const sub = MoqtClient.connect(URL, { dial: sd.dial, reconnect: fast(), ...NO_KEEPALIVE });
      clients.push(pub, sub);
      const text = pub.publishText("chat/both", "m", { capability: "chat" });
      await until(() => text.isLive, "published");
      const got: string[] = [];
      const gaps: unknown[] = [];
      const s = sub.subscribeText("chat/both", "m", (_ts, t) => got.push(t));
      s.on("gap", (g) => gaps.push(g));
      await until(() => s.isActive, "subscribed");
      let n = 0;
      for (; n < 10; n++) text.write(`m${n}`);
      await until(() => got.length === 10, "10 messages before the silence");

      pd.last().simulateSilentLoss(300);
      sd.last().simulateSilentLoss(900); // noticed well after the publisher is back
      const silent = 10 + 500;
      for (; n < silent; n++) {
        clock.advance(20);
        text.write(`m${n}`);
        if (n % 25 === 0) await settle(1);
      }
      await until(() => text.queued === 0, "messages handed to the dead transport");
      await until(() => pd.transports.length === 2 && text.isLive, "publisher back");
      expect(sub.state).toBe(ConnectionState.Connected); // still unaware
      await until(() => sub.state === ConnectionState.Reconnecting, "subscriber idle timeout");
      await until(() => got.length >= silent || gaps.length > 0, `${silent} messages`, 15_000);
      for (; n < silent + 20; n++) {
        clock.advance(20);
        text.write(`m${n}`);
      }
      await until(() => got.length >= n || gaps.length > 0, `${n} messages`, 15_000);
      await settle(100);
      expect(gaps).toEqual([]);
      expect(got).toEqual([...Array(n).keys()].map((i) => `m${i}`));
      expect(sd.transports).toHaveLength(2);
      expect(logger.events("fetch.served").length).toBeGreaterThan(0);
      relay.close();
    }, 45_000);
  });
}
