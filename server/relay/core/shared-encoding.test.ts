import { afterEach, describe, expect, it, vi } from "vitest";
import { SubgroupWriter } from "../../../src/moqt/session/index.ts";
import { ObjectStatus } from "../../../src/moqt/wire/data/index.ts";
import { Relay } from "./relay.ts";
import {
  Collector,
  connect,
  expectedKeys,
  ns,
  payloadOf,
  TrackPublisher,
  tn,
} from "./testing/harness.ts";
import { until } from "./testing/wait.ts";

const SUBSCRIBERS = 20;
const GROUPS = 3;
const PER_GROUP = 5;

/**
 * Every buffer the relay handed to a subscriber stream, by the Object it carried:
 * the first Object of a stream goes with the header (`open`), later ones by `writeEncoded`.
 */
function recordWrites(): Map<string, Uint8Array[]> {
  const writes = new Map<string, Uint8Array[]>();
  const record = (groupId: number, objectId: number, bytes: Uint8Array) => {
    const key = `${groupId}:${objectId}`;
    writes.set(key, [...(writes.get(key) ?? []), bytes]);
  };
  const original = SubgroupWriter.prototype.writeEncoded;
  vi.spyOn(SubgroupWriter.prototype, "writeEncoded").mockImplementation(function (
    this: SubgroupWriter,
    objectId: number,
    bytes: Uint8Array,
  ) {
    record(this.header.groupId, objectId, bytes);
    return original.call(this, objectId, bytes);
  });
  const open = SubgroupWriter.open.bind(SubgroupWriter);
  vi.spyOn(SubgroupWriter, "open").mockImplementation(
    (transport, header, version, options, first) => {
      if (first !== undefined && "encoded" in first)
        record(header.groupId, first.objectId, first.encoded);
      return open(transport, header, version, options, first);
    },
  );
  return writes;
}

async function fanOut(drafts: readonly (14 | 16)[]): Promise<Map<string, Uint8Array[]>> {
  const relay = new Relay({ auth: { mode: "none" } });
  const pub = await connect(relay);
  const track = await TrackPublisher.publish(pub.session, "live/show", "video");
  const collectors: Collector[] = [];
  for (const draft of drafts) {
    const c = new Collector();
    const sub = await connect(relay, { draft, on: c.listeners() });
    await sub.session.subscribe({ trackNamespace: ns("live/show"), trackName: tn("video") });
    collectors.push(c);
  }
  const writes = recordWrites();
  // One Object at a time, each delivered everywhere before the next.
  let delivered = 0;
  for (let g = 0; g < GROUPS; g++) {
    const w = await track.open(g);
    for (let o = 0; o < PER_GROUP; o++) {
      await w.write({ objectId: o, status: ObjectStatus.NORMAL, payload: payloadOf(g, o, 300) });
      delivered++;
      await until(
        () => collectors.every((c) => c.seen.length === delivered),
        `object ${g}:${o} at every subscriber`,
        10_000,
      );
    }
    await w.close();
  }
  relay.close();
  expect([...writes.keys()].sort()).toEqual(expectedKeys(0, GROUPS - 1, PER_GROUP).sort());
  return writes;
}

describe("forwarding without re-encoding", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes one buffer per Object to every subscriber stream of the same draft", async () => {
    const writes = await fanOut(Array.from({ length: SUBSCRIBERS }, () => 16));
    for (const [key, buffers] of writes) {
      expect(buffers, key).toHaveLength(SUBSCRIBERS);
      // The very same Uint8Array, not equal copies: encoded once.
      expect(new Set(buffers).size, key).toBe(1);
    }
  }, 20_000);

  it("encodes once per draft when subscribers speak both", async () => {
    const writes = await fanOut([16, 14, 16, 14, 16, 14]);
    for (const [key, buffers] of writes) {
      expect(buffers, key).toHaveLength(6);
      expect(new Set(buffers).size, key).toBe(2);
    }
  }, 20_000);

  it("writes Objects that queued behind an unfinished write together, in order", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const pub = await connect(relay);
    const track = await TrackPublisher.publish(pub.session, "live/show", "video");
    const c = new Collector();
    const sub = await connect(relay, { on: c.listeners() });
    const ok = await sub.session.subscribe({
      trackNamespace: ns("live/show"),
      trackName: tn("video"),
    });
    let writes = 0;
    const writeEncoded = SubgroupWriter.prototype.writeEncoded;
    vi.spyOn(SubgroupWriter.prototype, "writeEncoded").mockImplementation(function (
      this: SubgroupWriter,
      objectId: number,
      bytes: Uint8Array,
    ) {
      writes++;
      return writeEncoded.call(this, objectId, bytes);
    });
    const open = SubgroupWriter.open.bind(SubgroupWriter);
    vi.spyOn(SubgroupWriter, "open").mockImplementation(
      (transport, header, version, options, first) => {
        if (first !== undefined) writes++;
        return open(transport, header, version, options, first);
      },
    );
    // A burst: the Objects reach the relay faster than one write per Object completes.
    const count = 50;
    await track.group(0, count, { size: 100 });
    await until(() => c.seen.length === count, "the whole burst", 10_000);
    expect(c.keys(ok.trackAlias)).toEqual(expectedKeys(0, 0, count));
    expect(writes).toBeLessThan(count);
    relay.close();
  });
});
