import { describe, expect, it } from "vitest";
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
import { WriteRecorder } from "./testing/write-recorder.ts";

const SUBSCRIBERS = 20;
const GROUPS = 3;
const PER_GROUP = 5;

/**
 * Fans GROUPS Groups of PER_GROUP Objects out to one subscriber per entry of
 * `drafts`, one Object at a time (each delivered everywhere before the next), and
 * returns every buffer the relay wrote to each subscriber's data streams: stream
 * `g` carries Group `g`, its first write the stream header with Object 0.
 */
async function fanOut(drafts: readonly (14 | 16)[]): Promise<WriteRecorder[]> {
  const relay = new Relay({ auth: { mode: "none" } });
  const pub = await connect(relay);
  const track = await TrackPublisher.publish(pub.session, "live/show", "video");
  const collectors: Collector[] = [];
  const recorders: WriteRecorder[] = [];
  for (const draft of drafts) {
    const c = new Collector();
    const r = new WriteRecorder();
    const sub = await connect(relay, { draft, on: c.listeners(), relaySide: (t) => r.wrap(t) });
    await sub.session.subscribe({ trackNamespace: ns("live/show"), trackName: tn("video") });
    collectors.push(c);
    recorders.push(r);
  }
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
  for (const c of collectors) {
    expect(c.keys(0)).toEqual(expectedKeys(0, GROUPS - 1, PER_GROUP));
  }
  for (const r of recorders) {
    expect(r.streams.map((s) => s.length)).toEqual(Array(GROUPS).fill(PER_GROUP));
  }
  return recorders;
}

/** How many distinct buffers the subscribers got for write `o` of stream `g`. */
const distinct = (recorders: readonly WriteRecorder[], g: number, o: number) =>
  new Set(recorders.map((r) => r.streams[g]![o])).size;

describe("forwarding without re-encoding", () => {
  it("writes one buffer per Object, the header with the first, to every subscriber stream of a draft", async () => {
    const recorders = await fanOut(Array.from({ length: SUBSCRIBERS }, () => 16));
    for (let g = 0; g < GROUPS; g++) {
      for (let o = 0; o < PER_GROUP; o++) {
        // The very same Uint8Array, not equal copies: encoded once.
        expect(distinct(recorders, g, o), `${g}:${o}`).toBe(1);
      }
    }
  }, 20_000);

  it("encodes once per draft when subscribers speak both", async () => {
    const recorders = await fanOut([16, 14, 16, 14, 16, 14]);
    for (let g = 0; g < GROUPS; g++) {
      for (let o = 0; o < PER_GROUP; o++) {
        expect(distinct(recorders, g, o), `${g}:${o}`).toBe(2);
      }
    }
  }, 20_000);

  it("writes Objects that queued behind an unfinished write together, in order", async () => {
    const relay = new Relay({ auth: { mode: "none" } });
    const pub = await connect(relay);
    const track = await TrackPublisher.publish(pub.session, "live/show", "video");
    const c = new Collector();
    const r = new WriteRecorder();
    const sub = await connect(relay, { on: c.listeners(), relaySide: (t) => r.wrap(t) });
    const ok = await sub.session.subscribe({
      trackNamespace: ns("live/show"),
      trackName: tn("video"),
    });
    // A burst: the Objects reach the relay faster than one write per Object completes.
    const count = 50;
    await track.group(0, count, { size: 100 });
    await until(() => c.seen.length === count, "the whole burst", 10_000);
    expect(c.keys(ok.trackAlias)).toEqual(expectedKeys(0, 0, count));
    expect(r.streams).toHaveLength(1);
    expect(r.writes).toBeGreaterThan(0);
    expect(r.writes).toBeLessThan(count);
    relay.close();
  });
});
