import { describe, expect, it } from "vitest";
import type { NamespaceUpdate } from "../../../src/moqt/session/index.ts";
import { namespaceToPath } from "../../../src/moqt/wire/index.ts";
import { Relay } from "./relay.ts";
import { Collector, connect, ns, TrackPublisher } from "./testing/harness.ts";
import { until } from "./testing/wait.ts";

const show = (u: NamespaceUpdate | undefined) =>
  u ? `${u.kind} ${namespaceToPath(u.trackNamespace)}` : "end";

describe("SUBSCRIBE_NAMESPACE", () => {
  it("draft-16: NAMESPACE for published namespaces under the prefix, then NAMESPACE_DONE", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const p1 = await connect(relay, { draft: 14 });
    const first = await p1.session.publishNamespace({ trackNamespace: ns("meeting/1") });
    await p1.session.publishNamespace({ trackNamespace: ns("other") });
    const w = await connect(relay);
    const sub = await w.session.subscribeNamespace({ trackNamespacePrefix: ns("meeting") });
    expect(show(await sub.next())).toBe("namespace meeting/1");
    const p2 = await connect(relay);
    await p2.session.publishNamespace({ trackNamespace: ns("meeting/2") });
    expect(show(await sub.next())).toBe("namespace meeting/2");
    p1.session.publishNamespaceDone(first.requestId);
    expect(show(await sub.next())).toBe("namespaceDone meeting/1");
    await expect(
      w.session.subscribeNamespace({ trackNamespacePrefix: ns("meeting/2") }),
    ).rejects.toMatchObject({ errorName: "PREFIX_OVERLAP" });
    await w.session.subscribeNamespace({ trackNamespacePrefix: ns("other") });
    relay.close();
  });

  it("draft-14: PUBLISH for tracks PUBLISHed under the prefix, accepted and served", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const c = new Collector();
    const offered: number[] = [];
    const w = await connect(relay, {
      draft: 14,
      on: c.listeners(),
      handler: {
        publish: (req) => {
          offered.push(req.trackAlias);
          return {};
        },
        publishNamespace: () => undefined,
      },
    });
    await w.session.subscribeNamespace({ trackNamespacePrefix: ns("sensors") });
    const pub = await connect(relay);
    const track = await TrackPublisher.publish(pub.session, "sensors/imu", "accel");
    await until(() => offered.length === 1, "PUBLISH");
    await until(() => relay.tracks()[0]!.subscribers === 1, "subscription");
    await track.group(0, 3);
    await until(() => c.seen.length === 3, "objects");
    expect(c.keys(offered[0])).toEqual(["0:0", "0:1", "0:2"]);
    relay.close();
  });
});
