// An Object over the relay's `maxObjectBytes` is refused visibly: the relay stops
// the publisher's stream (a typed `error` on the publication) and ends the
// track's subscriptions with PUBLISH_DONE naming the limit (a typed `error` on
// the subscription), while everything else on both clients goes on.
import { afterAll, describe, expect, it } from "vitest";
import { ConnectionState, MoqtClient, type MoqtClientError, MoqtClientErrorCode } from "./index.ts";
import { openRelay, relayDial, until } from "./testing/relay-dial.ts";

const URL_ = "https://localhost/moq";

for (const draft of [14, 16] as const) {
  describe(`an Object over the relay limit, draft-${draft}`, () => {
    const relay = openRelay({ limits: { maxObjectBytes: 1000 } });
    const pub = MoqtClient.connect(URL_, { dial: relayDial(relay, draft).dial });
    const sub = MoqtClient.connect(URL_, { dial: relayDial(relay, draft).dial });
    afterAll(async () => {
      await Promise.all([pub.close(), sub.close()]);
      relay.close();
    });

    it("is an error event on the publication and the subscription; other tracks go on", async () => {
      const big = pub.publishText("limits/a", "big", { capability: "chat.text" });
      const other = pub.publishFrame("limits/a", "other", { capability: "ros.telemetry" });
      const pubErrors: MoqtClientError[] = [];
      big.on("error", (e) => pubErrors.push(e));
      other.on("error", (e) => pubErrors.push(e));
      const texts: string[] = [];
      const frames: number[] = [];
      const subErrors: MoqtClientError[] = [];
      const s = sub.subscribeText("limits/a", "big", (_, t) => texts.push(t));
      s.on("error", (e) => subErrors.push(e));
      const f = sub.subscribeFrame("limits/a", "other", (ts) => frames.push(ts));
      await until(() => s.isActive && f.isActive && big.isLive && other.isLive, "all up");

      big.write("small");
      await until(() => texts.length === 1, "the small message");
      big.write("x".repeat(2000));
      await until(
        () => pubErrors.length === 1 && subErrors.length >= 1,
        `both errors (publication ${pubErrors.length}, subscription ${subErrors.length})`,
      );
      expect(pubErrors[0]!.code).toBe(MoqtClientErrorCode.OBJECT_REFUSED);
      expect(subErrors[0]!.code).toBe(MoqtClientErrorCode.SUBSCRIPTION_INTERRUPTED);
      expect(subErrors[0]!.message).toContain("maxObjectBytes (1000)");

      // The other track, the sessions and the publication itself carry on.
      for (let ts = 1; frames.length < 3; ts++) {
        other.write(ts, new Uint8Array([1]));
        await new Promise((r) => setTimeout(r, 20));
        if (ts > 200) throw new Error("frames stopped");
      }
      expect(pub.state).toBe(ConnectionState.Connected);
      expect(sub.state).toBe(ConnectionState.Connected);
      expect(pubErrors).toHaveLength(1);
    });
  });
}
