// What the client relies on from a relay, checked against the relay core:
// a subgroup stream cut short by the publisher leaving is reset, never FINished
// (§"Closing Subgroup Streams"), and a publisher's last Objects still reach
// subscribers when its PUBLISH_DONE overtakes them.
import { describe, expect, it } from "vitest";
import {
  connect,
  ns,
  openGroup,
  TrackPublisher,
  tn,
} from "../../../server/relay/core/testing/harness.ts";
import type { IncomingSubgroupStream } from "../session/incoming-streams.ts";
import { ObjectStatus } from "../wire/data/object-status.ts";
import { MoqtClient } from "./index.ts";
import { openRelay, relayDial, until } from "./testing/relay-dial.ts";

async function outcome(s: IncomingSubgroupStream, ids: number[]): Promise<"fin" | "reset"> {
  try {
    for await (const o of s) ids.push(o.objectId);
    return "fin";
  } catch {
    return "reset";
  }
}

describe("relay contract", () => {
  it("resets, not FINs, a subscriber's stream when the publisher leaves mid-Group", async () => {
    const relay = openRelay();
    const pub = await connect(relay);
    const track = await TrackPublisher.publish(pub.session, "c/1", "t");
    const ends: Promise<"fin" | "reset">[] = [];
    const ids: number[] = [];
    const sub = await connect(relay, {
      on: { subgroupStream: (s) => ends.push(outcome(s, ids)) },
    });
    await sub.session.subscribe({
      trackNamespace: ns("c/1"),
      trackName: tn("t"),
      filter: { type: "largestObject" },
    });
    const w = await openGroup(pub.session, track.trackAlias, 5, false);
    for (let i = 0; i < 3; i++) {
      await w.write({ objectId: i, status: ObjectStatus.NORMAL, payload: new Uint8Array([i]) });
    }
    await until(() => ids.length === 3, "3 objects");
    pub.transport.simulateConnectionLoss();
    expect(await ends[0]).toBe("reset");
    relay.close();
  });

  it("delivers a closing text publication's last messages", async () => {
    const relay = openRelay();
    const pubc = MoqtClient.connect("https://localhost/moq", { dial: relayDial(relay).dial });
    const subc = MoqtClient.connect("https://localhost/moq", { dial: relayDial(relay).dial });
    const t = pubc.publishText("c/2", "t", { capability: "chat" });
    await until(() => t.isLive, "published");
    const got: string[] = [];
    const s = subc.subscribeText("c/2", "t", (_ts, m) => got.push(m));
    await until(() => s.isActive, "subscribed");
    for (let i = 0; i < 10; i++) t.write(`last ${i}`);
    await t.close();
    await until(() => got.length === 10, "the 10 messages");
    await Promise.all([pubc.close(), subc.close()]);
    relay.close();
  });
});
