// Subscribing by capability against the in-process relay core, in both drafts:
// the one track of that intent is picked among several under a prefix, waited
// for, reported when none or several match, and kept across a reconnect.
import { afterAll, describe, expect, it } from "vitest";
import { MoqtClient, type MoqtClientError, MoqtClientErrorCode } from "./index.ts";
import { openRelay, relayDial, until } from "./testing/relay-dial.ts";

const URL = "https://localhost:4443/moq";

for (const draft of [14, 16] as const) {
  describe(`subscribe by capability over draft-${draft}`, () => {
    const relay = openRelay();
    const clients: MoqtClient[] = [];
    const client = (dial = relayDial(relay, draft)) => {
      const c = MoqtClient.connect(URL, { dial: dial.dial, resubscribeDelayMs: 20 });
      clients.push(c);
      return c;
    };
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      relay.close();
    });

    it("picks the track of that capability among several under the prefix", async () => {
      const pub = client();
      const toAsr = pub.publishText("room/1/alice", "to-asr", { capability: "asr" });
      const toTts = pub.publishText("room/1/bob", "to-tts", { capability: "tts" });
      toAsr.write("a0");
      toTts.write("t0");
      const sub = client();
      const got: string[] = [];
      const asr = sub.subscribeText("room/1", { capability: "asr" }, (_, t) => got.push(t));
      const tts = sub.subscribeText("room/1", { capability: "tts" }, (_, t) => got.push(t));
      const listed = sub.tracks("room/1"); // shares the subscriptions' namespace watch
      await until(() => asr.isActive && tts.isActive, "both picked and subscribed");
      expect([asr.namespace, asr.name, asr.trackInfo.capability]).toEqual([
        "room/1/alice",
        "to-asr",
        "asr",
      ]);
      expect([tts.namespace, tts.name]).toEqual(["room/1/bob", "to-tts"]);
      toAsr.write("a1");
      toTts.write("t1");
      await until(() => got.length === 2, "one message each");
      expect(got.sort()).toEqual(["a1", "t1"]);
      await until(() => listed.tracks.length === 2, "tracks() sees both");
    });

    it("waits for a track of that capability to appear", async () => {
      const sub = client();
      const got: string[] = [];
      const errors: MoqtClientError[] = [];
      const s = sub.subscribeText("lab/2", { capability: "ros.cmd" }, (_, t) => got.push(t));
      s.on("error", (e) => errors.push(e));
      const pub = client();
      pub.publishText("lab/2", "noise", { capability: "ros.telemetry" }).write("x");
      await until(() => sub.state === "Connected", "connected");
      const cmd = pub.publishText("lab/2", "cmd", { capability: "ros.cmd" });
      cmd.write("ready"); // draft-14 tells a track's capability with its first Object
      await until(() => s.isActive, "picked once published");
      expect(s.name).toBe("cmd");
      cmd.write("go");
      await until(() => got.length === 1, "the command");
      expect(got).toEqual(["go"]);
      expect(errors).toEqual([]);
    });

    it("reports none (without a wait) and several, naming them, and picks once one is left", async () => {
      const sub = client();
      const errors: MoqtClientError[] = [];
      const none = sub.subscribeText("hall/empty", { capability: "chat" }, () => undefined, {
        rendezvousTimeoutMs: 0,
      });
      none.on("error", (e) => errors.push(e));
      await until(() => errors.length === 1, "none matches");
      expect(errors[0]).toMatchObject({
        code: MoqtClientErrorCode.NO_MATCHING_TRACK,
        fatal: false,
      });
      expect(errors[0]!.message).toContain('capability "chat"');
      const pub = client();
      const a = pub.publishText("hall/3", "a", { capability: "chat" });
      const b = pub.publishText("hall/3", "b", { capability: "chat" });
      a.write("hi");
      b.write("hi");
      await until(() => a.isLive && b.isLive, "both live");
      const s = sub.subscribeText("hall/3", { capability: "chat" }, () => undefined);
      s.on("error", (e) => errors.push(e));
      await until(() => errors.length === 2, "several match");
      expect(errors[1]).toMatchObject({ code: MoqtClientErrorCode.AMBIGUOUS_CAPABILITY });
      expect(errors[1]!.message).toContain("hall/3:a, hall/3:b");
      expect(s.isActive).toBe(false);
      await a.close();
      await until(() => s.isActive, "the one left is picked");
      expect(s.name).toBe("b");
    });

    it("keeps its pick across a reconnect", async () => {
      const pub = client();
      const t = pub.publishText("site/4", "odom", { capability: "ros.telemetry" });
      t.write("0");
      const dial = relayDial(relay, draft);
      const sub = client(dial);
      const got: string[] = [];
      const s = sub.subscribeText("site/4", { capability: "ros.telemetry" }, (_, m) => got.push(m));
      await until(() => s.isActive, "picked");
      t.write("1");
      await until(() => got.length === 1, "first message");
      dial.last().close({ closeCode: 0, reason: "network lost" });
      await until(() => sub.state === "Reconnecting", "reconnecting");
      await until(() => sub.state === "Connected" && s.isActive, "subscribed again", 6000);
      t.write("2");
      await until(() => got.length === 2, "second message");
      expect(got).toEqual(["1", "2"]);
    });

    it("refuses bad selectors at the call site", () => {
      const c = client();
      expect(() => c.subscribeText("x", { capability: "" }, () => undefined)).toThrow(
        expect.objectContaining({ code: MoqtClientErrorCode.INVALID_ARGUMENT }),
      );
      // A call refused for its options leaves nothing behind: no watch, no claimed track.
      const bad = { priority: 300 };
      expect(() => c.subscribeText("y/1", { capability: "chat" }, () => undefined, bad)).toThrow(
        expect.objectContaining({ code: MoqtClientErrorCode.INVALID_ARGUMENT }),
      );
      expect(() => c.subscribeText("z", "n", () => undefined, bad)).toThrow(
        expect.objectContaining({ code: MoqtClientErrorCode.INVALID_ARGUMENT }),
      );
      void c.tracks("y").close();
      void c.subscribeText("z", "n", () => undefined).close();
      c.subscribeText("x", { capability: "chat" }, () => undefined);
      expect(() => c.subscribeText("x", { capability: "chat" }, () => undefined)).toThrow(
        expect.objectContaining({ code: MoqtClientErrorCode.DUPLICATE_TRACK }),
      );
    });
  });
}
