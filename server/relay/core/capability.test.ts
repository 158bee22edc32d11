import { describe, expect, it } from "vitest";
import { MoqtRequestError, RequestErrorName } from "../../../src/moqt/session/index.ts";
import { SubscribeOptions } from "../../../src/moqt/wire/control/namespace/subscribe-namespace.ts";
import type { Publish } from "../../../src/moqt/wire/control/publish/publish.ts";
import { Version } from "../../../src/moqt/wire/index.ts";
import { CAPABILITY_EXTENSION, capabilityOf, capabilityPair } from "./capability.ts";
import { Relay } from "./relay.ts";
import { Collector, connect, DEC, ns, TrackPublisher, tn } from "./testing/harness.ts";
import { settle, until } from "./testing/wait.ts";
import type { TrackEvent } from "./tracks.ts";

async function publishers(relay: Relay) {
  const d16 = await connect(relay, { draft: 16 });
  const asr = await TrackPublisher.publish(d16.session, "voice/call-1", "mic", {
    trackExtensions: [capabilityPair("asr")],
  });
  const tts = await TrackPublisher.publish(d16.session, "voice/call-1", "speaker", {
    alias: 8,
    trackExtensions: [capabilityPair("tts")],
  });
  const d14 = await connect(relay, { draft: 14 });
  const odom = await TrackPublisher.publish(d14.session, "robot/1", "odom");
  return { asr, tts, odom };
}

describe("capability routing", () => {
  it("selects tracks by capability and prefix; draft-14 capabilities arrive with the first group", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const events: TrackEvent[] = [];
    relay.watchTracks({ capability: "ros.telemetry" }, (e) => events.push(e));
    const { odom } = await publishers(relay);
    expect(relay.tracks({ capability: "asr" }).map((t) => `${t.namespace}:${t.name}`)).toEqual([
      "voice/call-1:mic",
    ]);
    expect(relay.tracks({ prefix: "voice" })).toHaveLength(2);
    expect(relay.tracks({ prefix: "voice", capability: "tts" })).toHaveLength(1);
    expect(relay.tracks({ capability: "ros.telemetry" })).toHaveLength(0);
    // draft-14: an Object Extension Header on the first Object of each Group.
    await odom.group(0, 3, { firstExtensions: [capabilityPair("ros.telemetry")] });
    await until(() => events.length === 1, "capability learned");
    expect(events[0]).toMatchObject({
      type: "updated",
      track: { name: "odom", capability: "ros.telemetry" },
    });
    expect(relay.tracks({ capability: "ros.telemetry" })).toHaveLength(1);
    const replayed: TrackEvent[] = [];
    relay.watchTracks({ prefix: ns("voice") }, (e) => replayed.push(e));
    expect(replayed.map((e) => e.type)).toEqual(["available", "available"]);
    relay.close();
  });

  it("carries the capability to subscribers of the other draft", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const { asr, odom } = await publishers(relay);
    await odom.group(0, 1, { firstExtensions: [capabilityPair("ros.telemetry")] });
    await until(() => relay.tracks({ capability: "ros.telemetry" }).length === 1, "learned");
    // draft-16 subscriber of a draft-14 track: a Track Extension in SUBSCRIBE_OK.
    const s16 = await connect(relay, { draft: 16 });
    const ok16 = await s16.session.subscribe({
      trackNamespace: ns("robot/1"),
      trackName: tn("odom"),
    });
    expect(capabilityOf(ok16.trackExtensions, Version.DRAFT_16)).toBe("ros.telemetry");
    // draft-14 subscriber of a draft-16 track: on the first Object of every Group only.
    const c = new Collector();
    const s14 = await connect(relay, { draft: 14, on: c.listeners() });
    const ok14 = await s14.session.subscribe({
      trackNamespace: ns("voice/call-1"),
      trackName: tn("mic"),
    });
    await asr.group(0, 3);
    await asr.group(1, 3);
    await until(() => c.seen.length === 6, "objects");
    const tagged = c.seen
      .filter(
        (s) =>
          s.alias === ok14.trackAlias && capabilityOf(s.extensions, Version.DRAFT_14) !== undefined,
      )
      .map((s) => `${s.group}:${s.object}`)
      .sort();
    expect(tagged).toEqual(["0:0", "1:0"]);
    const first = c.seen.find((s) => s.group === 0 && s.object === 0)!;
    const ext = first.extensions!.find((e) => e.type === CAPABILITY_EXTENSION)!;
    expect(DEC.decode(ext.value as Uint8Array)).toBe("asr");
    relay.close();
  });

  it("lets a module pick tracks on the wire: SUBSCRIBE_NAMESPACE + PUBLISH with the capability", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    await publishers(relay);
    const offered: string[] = [];
    const module = await connect(relay, {
      draft: 16,
      handler: {
        publish: (req: Publish) => {
          const cap = capabilityOf(req.trackExtensions, Version.DRAFT_16);
          offered.push(`${DEC.decode(req.trackName)}=${cap}`);
          if (cap !== "asr")
            throw MoqtRequestError.reject(RequestErrorName.UNINTERESTED, "not asr");
          return {};
        },
      },
    });
    await module.session.subscribeNamespace({
      trackNamespacePrefix: ns("voice"),
      subscribeOptions: SubscribeOptions.PUBLISH,
    });
    await until(() => offered.length === 2, "two PUBLISHes");
    await settle(20);
    // One PUBLISH per track, declined ones included.
    expect(offered.sort()).toEqual(["mic=asr", "speaker=tts"]);
    await until(() => relay.tracks({ capability: "asr" })[0]!.subscribers === 1, "asr subscribed");
    expect(relay.tracks({ capability: "tts" })[0]!.subscribers).toBe(0);
    relay.close();
  });
});
