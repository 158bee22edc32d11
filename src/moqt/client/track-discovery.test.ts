// `client.tracks()` against the in-process relay core, in both drafts: tracks
// appear with their kind, capability and schema tag, end when their publisher
// leaves, survive a reconnect, and the capability filter selects by intent.
import { afterAll, describe, expect, it } from "vitest";
import {
  type DiscoveredTrack,
  MoqtClient,
  MoqtClientErrorCode,
  type TrackChange,
} from "./index.ts";
import { openRelay, relayDial, settle, until } from "./testing/relay-dial.ts";

const URL = "https://localhost:4443/moq";

/** Collects what a discovery reports, via its async iterator. */
function collect(it: AsyncIterable<TrackChange>): TrackChange[] {
  const out: TrackChange[] = [];
  void (async () => {
    for await (const change of it) out.push(change);
  })();
  return out;
}

const names = (changes: TrackChange[], type: TrackChange["type"]) =>
  changes.filter((c) => c.type === type).map((c) => `${c.track.namespace}:${c.track.name}`);

for (const draft of [14, 16] as const) {
  describe(`tracks() over draft-${draft}`, () => {
    const relay = openRelay();
    const clients: MoqtClient[] = [];
    const client = (dial = relayDial(relay, draft)) => {
      const c = MoqtClient.connect(URL, { dial: dial.dial });
      clients.push(c);
      return c;
    };
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      relay.close();
    });

    it("reports tracks already there and new ones, with kind and capability, and their end", async () => {
      const pub = client();
      const audio = pub.publishAudio("call/1/alice", "mic", {
        capability: "asr",
        codec: "opus",
        sampleRate: 48000,
        channels: 1,
        frameMs: 20,
      });
      audio.write(0, new Uint8Array([1]));
      await until(() => audio.isLive, "audio live");
      const watcher = client();
      const found = collect(watcher.tracks("call/1"));
      await until(() => found.length === 1, "the existing track");
      const first = found[0]!.track;
      expect(first).toMatchObject({
        namespace: "call/1/alice",
        name: "mic",
        kind: "audio",
        capability: "asr",
      });
      expect(first.info.sampleRate).toBe(48000);

      const text = pub.publishText("call/1/bob", "chat", { capability: "chat", schemaTag: "json" });
      await until(() => found.length === 2, "the new track");
      // A draft-14 track offered before its first Object is reported before its properties.
      expect(found[1]!.track).toMatchObject({
        namespace: "call/1/bob",
        name: "chat",
        ...(draft === 16 && { kind: "text", schemaTag: "json" }),
      });
      // Outside the prefix: never reported.
      pub.publishFrame("call/2", "odom", { capability: "ros.telemetry" });
      await text.close();
      await until(() => names(found, "ended").length === 1, "the end of the text track");
      expect(names(found, "ended")).toEqual(["call/1/bob:chat"]);
      expect(names(found, "available")).toEqual(["call/1/alice:mic", "call/1/bob:chat"]);
    });

    it("selects by capability: only tracks of that intent", async () => {
      const pub = client();
      const asr = pub.publishAudio("room/7", "to-asr", {
        capability: "asr",
        codec: "opus",
        sampleRate: 48000,
        channels: 1,
        frameMs: 20,
      });
      const tts = pub.publishAudio("room/7", "to-tts", {
        capability: "tts",
        codec: "opus",
        sampleRate: 48000,
        channels: 1,
        frameMs: 20,
      });
      asr.write(0, new Uint8Array([1]));
      tts.write(0, new Uint8Array([2]));
      const seen: DiscoveredTrack[] = [];
      const d = client().tracks("room/7", { capability: "tts" });
      d.on("available", (t) => seen.push(t));
      await until(() => seen.length === 1, "the tts track");
      await settle(100);
      expect(seen.map((t) => t.name)).toEqual(["to-tts"]);
      expect(d.tracks.map((t) => t.capability)).toEqual(["tts"]);
    });

    it("keeps its tracks across a reconnect and reports those that ended meanwhile", async () => {
      const pub = client();
      const stays = pub.publishFrame("site/9", "stays", { capability: "ros.telemetry" });
      const goes = pub.publishFrame("site/9", "goes", { capability: "ros.telemetry" });
      stays.write(1, new Uint8Array([1]));
      goes.write(1, new Uint8Array([1]));
      const dial = relayDial(relay, draft);
      const watcher = client(dial);
      const found = collect(watcher.tracks("site/9"));
      await until(() => found.length === 2, "both tracks");
      dial.down = true;
      dial.last().close({ closeCode: 0, reason: "network lost" });
      await until(() => watcher.state === "Reconnecting", "reconnecting");
      await goes.close();
      dial.down = false;
      await until(() => names(found, "ended").length === 1, "the track that ended", 6000);
      expect(names(found, "ended")).toEqual(["site/9:goes"]);
      expect(names(found, "available").sort()).toEqual(["site/9:goes", "site/9:stays"]);
    });

    it("a client that also subscribes to a discovered track gets its messages and its end", async () => {
      const pub = client();
      const early = pub.publishText("hall/3", "early", { capability: "chat.text" });
      early.write("before");
      const both = client();
      const found = collect(both.tracks("hall/3"));
      await until(() => found.length === 1, "the early track");
      // Subscribe to a track the discovery holds an offer for, and to one not there yet.
      const got: string[] = [];
      const s1 = both.subscribeText("hall/3", "early", (_, t) => got.push(`early:${t}`));
      const s2 = both.subscribeText("hall/3", "late", (_, t) => got.push(`late:${t}`));
      await until(() => s1.isActive, "subscribed to the early track");
      const late = pub.publishText("hall/3", "late", { capability: "chat.text" });
      await until(() => s2.isActive, "subscribed to the late track");
      await until(() => found.length === 2, "the late track found");
      early.write("hello");
      late.write("hi");
      await until(() => got.length === 2, "both messages");
      expect(got.sort()).toEqual(["early:hello", "late:hi"]);
      await late.close();
      await until(() => names(found, "ended").length === 1, "the late track ended");
      expect(names(found, "ended")).toEqual(["hall/3:late"]);
    });

    it("a listener may subscribe to a track as it is reported (chat members)", async () => {
      const room = "room/5";
      const got: string[] = [];
      const join = (user: string) => {
        const c = client();
        const mine = c.publishText(room, user, { capability: "chat.text" });
        c.tracks(room, { capability: "chat.text" }).on("available", ({ name }) => {
          if (name !== user) c.subscribeText(room, name, (_, t) => got.push(`${user}<-${t}`));
        });
        return mine;
      };
      const alice = join("alice");
      const bob = join("bob");
      await until(() => alice.isLive && bob.isLive, "both live");
      // Each writes until the other's subscription delivers (subscriptions start live).
      for (let i = 0; !(got.includes("bob<-a") && got.includes("alice<-b")); i++) {
        if (i > 100) throw new Error(`not delivered: ${got.join(",")}`);
        alice.write("a");
        bob.write("b");
        await settle(50);
      }
    });

    it("ends its iterators on abort; shares a wider prefix's watch, refuses a wider one after a narrower", async () => {
      const c = client();
      const narrow = c.tracks("lab/1");
      expect(() => c.tracks("lab")).toThrow(
        expect.objectContaining({ code: MoqtClientErrorCode.PREFIX_OVERLAP }),
      );
      expect(() => c.tracks("")).toThrow(
        expect.objectContaining({ code: MoqtClientErrorCode.INVALID_ARGUMENT }),
      );
      await narrow.close();
      const ac = new AbortController();
      const d = c.tracks("lab", { signal: ac.signal });
      const inner = c.tracks("lab/2"); // shares the watch of "lab"
      let ended = false;
      void (async () => {
        for await (const _ of d);
        ended = true;
      })();
      ac.abort();
      await until(() => ended, "iterator end");
      expect(d.closed).toBe(true);
      expect(inner.closed).toBe(false);
      await inner.close();
      await c.tracks("lab/1").close(); // the prefix is free again
    });
  });
}
