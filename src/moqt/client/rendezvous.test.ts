// Subscribing before the publisher exists, against a relay that holds the
// SUBSCRIBE when asked (RENDEZVOUS_TIMEOUT) and one that refuses at once; and the
// retry rules (backoff, the draft-16 Retry Interval).
import { afterAll, describe, expect, it } from "vitest";
import { MoqtErrorCode, MoqtRequestError } from "../session/errors.ts";
import { RequestErrorName } from "../session/request-error-codes.ts";
import { MoqtClient } from "./index.ts";
import { MAX_RESUBSCRIBE_DELAY_MS, resubscribeDelayMs } from "./rendezvous.ts";
import { refusal } from "./request-errors.ts";
import { openRelay, relayDial, settle, until } from "./testing/relay-dial.ts";

for (const draft of [14, 16] as const) {
  describe(`subscribe before the publisher exists, draft-${draft}`, () => {
    const relay = openRelay();
    const clients: MoqtClient[] = [];
    const client = () => {
      const c = MoqtClient.connect("https://localhost/moq", { dial: relayDial(relay, draft).dial });
      clients.push(c);
      return c;
    };
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      relay.close();
    });

    it("the relay holds the SUBSCRIBE it was asked to hold: nothing written is missed", async () => {
      const got: string[] = [];
      const errors: unknown[] = [];
      const sub = client().subscribeText("held/robot", "cmd", (_, t) => got.push(t));
      sub.on("error", (e) => errors.push(e));
      await settle(200);
      expect(sub.isActive).toBe(false);
      const pub = client().publishText("held/robot", "cmd", { capability: "robot.cmd" });
      await until(() => pub.isLive, "published");
      const sent = Array.from({ length: 10 }, (_, i) => `go ${i}`);
      for (const m of sent) pub.write(m);
      await until(() => got.length === sent.length, "all commands");
      expect(got).toEqual(sent);
      expect(errors).toEqual([]);
    });

    it("a relay that refuses at once (no RENDEZVOUS_TIMEOUT): the subscription asks again until the track appears", async () => {
      const got: string[] = [];
      const errors: unknown[] = [];
      const sub = client().subscribeFrame(
        "refused/robot",
        "odom",
        (_, __, d) => got.push(`${d[0]}`),
        {
          rendezvousTimeoutMs: 0,
        },
      );
      sub.on("error", (e) => errors.push(e));
      await settle(300);
      expect(sub.isActive).toBe(false);
      const pub = client().publishFrame("refused/robot", "odom", { capability: "ros.telemetry" });
      await until(() => pub.isLive, "published");
      await until(() => sub.isActive, "subscribed after a retry", 5_000);
      for (let i = 0; i < 5; i++) pub.write(i + 1, new Uint8Array([i]), 200);
      await until(() => got.length >= 5, "frames");
      expect(errors).toEqual([]);
    });
  });
}

describe("retry rules", () => {
  const dne = (retryIntervalMs?: number) =>
    new MoqtRequestError({
      code: MoqtErrorCode.REQUEST_REJECTED,
      errorCode: 0x10,
      errorName: RequestErrorName.DOES_NOT_EXIST,
      reason: "no publisher",
      ...(retryIntervalMs !== undefined && { retryIntervalMs }),
    });

  it("draft-16 Retry Interval 0 (absent) is reported and not retried; a non-zero one is honoured", () => {
    const never = refusal(dne(), "SUBSCRIBE a/b", 16);
    expect(never.retry).toBe(false);
    expect(never.error?.message).toMatch(/DOES_NOT_EXIST/);
    expect(refusal(dne(1000), "SUBSCRIBE a/b", 16)).toMatchObject({
      retry: true,
      retryAfterMs: 1000,
    });
    // draft-14 SUBSCRIBE_ERROR has no Retry Interval: DOES_NOT_EXIST is retried with backoff.
    expect(refusal(dne(), "SUBSCRIBE a/b", 14).retry).toBe(true);
  });

  it("the pause doubles up to a cap, jittered, never under the relay's Retry Interval", () => {
    const top = () => 0; // no jitter
    expect([1, 2, 3, 4].map((n) => resubscribeDelayMs(n, 250, undefined, top))).toEqual([
      250, 500, 1000, 2000,
    ]);
    expect(resubscribeDelayMs(30, 250, undefined, top)).toBe(MAX_RESUBSCRIBE_DELAY_MS);
    expect(resubscribeDelayMs(1, 250, undefined, () => 0.999)).toBeGreaterThanOrEqual(125);
    expect(resubscribeDelayMs(1, 250, 1000, top)).toBe(1000);
  });
});
