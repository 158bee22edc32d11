import { describe, expect, it } from "vitest";
import { ObjectStatus } from "../../../src/moqt/wire/data/index.ts";
import { SessionErrorCode } from "../../../src/moqt/wire/index.ts";
import { Relay } from "./relay.ts";
import { Collector, connect, expectedKeys, ns, TrackPublisher, tn } from "./testing/harness.ts";
import { MemoryLogger } from "./testing/memory-logger.ts";
import { until } from "./testing/wait.ts";

describe("a malformed session", () => {
  it("is closed with PROTOCOL_VIOLATION while every other session keeps working", async () => {
    const logger = new MemoryLogger();
    const relay = new Relay({ auth: { mode: "none" }, logger });
    const pub = await connect(relay);
    const track = await TrackPublisher.publish(pub.session, "a", "t");
    const c = new Collector();
    const sub = await connect(relay, { draft: 14, on: c.listeners() });
    const ok = await sub.session.subscribe({ trackNamespace: ns("a"), trackName: tn("t") });
    await track.group(0, 3);

    // A data stream of an unknown type.
    const bad = await connect(relay);
    const s = await bad.transport.createUnidirectionalStream();
    await s.getWriter().write(new Uint8Array([0x02, 0x01, 0x02]));
    expect((await bad.session.closed).code).toBe(SessionErrorCode.PROTOCOL_VIOLATION);

    // A publisher whose Object bytes are malformed (an invalid Object Status).
    const badPub = await connect(relay);
    const badTrack = await TrackPublisher.publish(badPub.session, "a", "bad");
    const c2 = new Collector();
    const sub2 = await connect(relay, { on: c2.listeners() });
    await sub2.session.subscribe({ trackNamespace: ns("a"), trackName: tn("bad") });
    const w = await badTrack.open(0);
    await w.write({ objectId: 0, status: ObjectStatus.NORMAL, payload: new Uint8Array([1]) });
    const raw = await badPub.transport.createUnidirectionalStream();
    // SUBGROUP_HEADER (0x10), alias 7, group 1, priority 128; then Object ID 0, length 0, status 9.
    await raw.getWriter().write(new Uint8Array([0x10, 0x07, 0x01, 0x80, 0x00, 0x00, 0x09]));
    expect((await badPub.session.closed).code).toBe(SessionErrorCode.PROTOCOL_VIOLATION);

    await track.group(1, 3);
    await until(() => c.seen.length === 6, "objects after the failures");
    expect(c.keys(ok.trackAlias)).toEqual(expectedKeys(0, 1, 3));
    expect(pub.session.isClosed).toBe(false);
    expect(sub.session.isClosed).toBe(false);
    expect(sub2.session.isClosed).toBe(false);
    // Nothing of the malformed group reached anyone.
    expect(c2.seen.every((s) => s.group === 0)).toBe(true);
    await until(() => logger.events("session.closed").length === 2, "close logs");
    expect(logger.events("session.closed").map((r) => r.fields.code)).toEqual([3, 3]);
    relay.close();
  });
});
