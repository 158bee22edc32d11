import { describe, expect, it } from "vitest";
import type { PublishDone } from "../../../src/moqt/wire/control/subscribe/publish-done.ts";
import type { SubscribeOk } from "../../../src/moqt/wire/control/subscribe/subscribe-ok.ts";
import { Relay } from "./relay.ts";
import { Collector, connect, ns, TrackPublisher, tn } from "./testing/harness.ts";
import { SubscribeAnswerer } from "./testing/namespace-publisher.ts";
import { until } from "./testing/wait.ts";
import type { TrackEvent } from "./tracks.ts";

const TRACK_ENDED = 0x2;

describe("publisher leaving", () => {
  it("ends every subscription with PUBLISH_DONE (TRACK_ENDED) after its streams, in both drafts", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const ended: TrackEvent[] = [];
    relay.watchTracks({}, (e) => {
      if (e.type === "ended") ended.push(e);
    });
    const pub = await connect(relay);
    const track = await TrackPublisher.publish(pub.session, "show", "audio");
    const dones: PublishDone[][] = [[], []];
    const collectors = [new Collector(), new Collector()];
    const oks: SubscribeOk[] = [];
    for (const [i, draft] of [16, 14].entries()) {
      const c = collectors[i]!;
      const sub = await connect(relay, {
        draft: draft as 14 | 16,
        on: { ...c.listeners(), publishDone: (m) => dones[i]!.push(m) },
      });
      oks.push(await sub.session.subscribe({ trackNamespace: ns("show"), trackName: tn("audio") }));
    }
    await track.group(0, 2);
    await track.group(1, 2);
    await until(() => collectors.every((c) => c.seen.length === 4), "objects");
    pub.session.close();
    await until(() => dones.every((d) => d.length === 1), "PUBLISH_DONE");
    dones.forEach((d, i) => {
      expect(d[0]).toMatchObject({
        requestId: oks[i]!.requestId,
        statusCode: TRACK_ENDED,
        streamCount: 2,
      });
    });
    expect(relay.tracks()).toHaveLength(0);
    expect(ended.map((e) => e.track.name)).toEqual(["audio"]);
    relay.close();
  });

  it("forwards the publisher's own PUBLISH_DONE", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const pub = await connect(relay, { draft: 14 });
    const track = await TrackPublisher.publish(pub.session, "show", "audio");
    const dones: PublishDone[] = [];
    const sub = await connect(relay, { on: { publishDone: (m) => dones.push(m) } });
    await sub.session.subscribe({ trackNamespace: ns("show"), trackName: tn("audio") });
    pub.session.publishDone(track.requestId, TRACK_ENDED, "bye", 0);
    await until(() => dones.length === 1, "PUBLISH_DONE");
    expect(dones[0]).toMatchObject({ statusCode: TRACK_ENDED, reason: "bye", streamCount: 0 });
    relay.close();
  });

  it("a namespace publisher leaving ends upstream-routed subscriptions and withdraws its namespace", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const answers = new SubscribeAnswerer();
    const pub = await connect(relay, { handler: answers.handler() });
    await pub.session.publishNamespace({ trackNamespace: ns("cam/1") });
    // A draft-16 namespace subscriber (NAMESPACE / NAMESPACE_DONE on its stream)...
    const watcher16 = await connect(relay);
    const nsSub = await watcher16.session.subscribeNamespace({ trackNamespacePrefix: ns("cam") });
    const first = await nsSub.next();
    expect(first?.kind).toBe("namespace");
    // ...and a draft-14 one (PUBLISH_NAMESPACE / PUBLISH_NAMESPACE_DONE requests).
    const announced: string[] = [];
    const withdrawn: number[] = [];
    const watcher14 = await connect(relay, {
      draft: 14,
      handler: {
        publishNamespace: (req) => {
          announced.push(new TextDecoder().decode(req.trackNamespace[1]));
          return undefined;
        },
      },
      on: { publishNamespaceDone: (ref) => withdrawn.push(ref.requestId ?? -1) },
    });
    await watcher14.session.subscribeNamespace({ trackNamespacePrefix: ns("cam") });
    await until(() => announced.length === 1, "PUBLISH_NAMESPACE");
    const dones: PublishDone[] = [];
    const sub = await connect(relay, { on: { publishDone: (m) => dones.push(m) } });
    await sub.session.subscribe({ trackNamespace: ns("cam/1"), trackName: tn("video") });
    pub.session.close();
    await until(() => dones.length === 1, "PUBLISH_DONE");
    expect(dones[0]!.statusCode).toBe(TRACK_ENDED);
    const next = await nsSub.next();
    expect(next).toMatchObject({ kind: "namespaceDone" });
    await until(() => withdrawn.length === 1, "PUBLISH_NAMESPACE_DONE");
    relay.close();
  });
});
