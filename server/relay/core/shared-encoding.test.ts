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

/** Every buffer the relay handed to a subscriber stream, by the Object it carried. */
function recordWrites(): Map<string, Uint8Array[]> {
  const writes = new Map<string, Uint8Array[]>();
  const original = SubgroupWriter.prototype.writeEncoded;
  vi.spyOn(SubgroupWriter.prototype, "writeEncoded").mockImplementation(function (
    this: SubgroupWriter,
    objectId: number,
    bytes: Uint8Array,
  ) {
    const key = `${this.header.groupId}:${objectId}`;
    writes.set(key, [...(writes.get(key) ?? []), bytes]);
    return original.call(this, objectId, bytes);
  });
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
});
