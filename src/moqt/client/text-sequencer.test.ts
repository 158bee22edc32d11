import { describe, expect, it } from "vitest";
import { ObjectStatus } from "../wire/data/object-status.ts";
import type { ReceivedObject } from "./received-object.ts";
import { TextSequencer } from "./text-sequencer.ts";

const obj = (group: number, object: number, status: ObjectStatus = ObjectStatus.NORMAL) =>
  ({
    groupId: group,
    objectId: object,
    priority: 128,
    extensions: undefined,
    status,
    payload: new Uint8Array(0),
    via: "stream",
  }) satisfies ReceivedObject;

function sequencer() {
  const out: string[] = [];
  const seq = new TextSequencer((o) => out.push(`${o.groupId}:${o.objectId}`));
  return { seq, out };
}

describe("TextSequencer", () => {
  it("delivers in order, drops duplicates, and rolls over after 64 per Group", () => {
    const { seq, out } = sequencer();
    seq.push(obj(7, 0));
    seq.push(obj(7, 2));
    seq.push(obj(7, 1));
    seq.push(obj(7, 1));
    expect(out).toEqual(["7:0", "7:1", "7:2"]);
    for (let i = 3; i < 64; i++) seq.push(obj(7, i));
    seq.push(obj(8, 0));
    expect(out.at(-1)).toBe("8:0");
    expect(seq.hole()).toBeUndefined();
  });

  it("holds messages after a hole and reports it; skipHole moves past it", () => {
    const { seq, out } = sequencer();
    seq.setBaseline({ group: 3, object: 10 });
    seq.push(obj(3, 13));
    seq.push(obj(3, 14));
    expect(out).toEqual([]);
    expect(seq.hole()).toEqual({ from: { group: 3, object: 11 }, to: { group: 3, object: 13 } });
    seq.push(obj(3, 11)); // filled in part
    expect(seq.hole()).toEqual({ from: { group: 3, object: 12 }, to: { group: 3, object: 13 } });
    seq.skipHole();
    expect(out).toEqual(["3:11", "3:13", "3:14"]);
    seq.push(obj(3, 12)); // too late: never out of order
    expect(out).toEqual(["3:11", "3:13", "3:14"]);
  });

  it("END_OF_GROUP ends a short Group; END_OF_TRACK lets a new run start afresh", () => {
    const { seq, out } = sequencer();
    seq.push(obj(1, 0));
    seq.push(obj(1, 1));
    seq.push(obj(1, 2, ObjectStatus.END_OF_GROUP));
    seq.push(obj(2, 0));
    seq.push(obj(2, 1, ObjectStatus.END_OF_TRACK));
    expect(out).toEqual(["1:0", "1:1", "2:0"]);
    expect(seq.lastDelivered).toBeUndefined();
    seq.push(obj(500, 0)); // a restarted publisher
    expect(out.at(-1)).toBe("500:0");
  });
});
