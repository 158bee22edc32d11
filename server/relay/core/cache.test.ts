import { describe, expect, it } from "vitest";
import { ObjectStatus } from "../../../src/moqt/wire/data/index.ts";
import { Version } from "../../../src/moqt/wire/index.ts";
import { TrackCache } from "./cache.ts";
import { CacheBudget } from "./cache-budget.ts";
import { objectCost, type RelayObject } from "./relay-object.ts";

function obj(groupId: number, objectId: number, size = 100, receivedAtMs = 0): RelayObject {
  return {
    groupId,
    subgroupId: 0,
    objectId,
    publisherPriority: 128,
    status: ObjectStatus.NORMAL,
    extensions: undefined,
    payload: new Uint8Array(size),
    version: Version.DRAFT_16,
    endOfGroup: false,
    receivedAtMs,
  };
}

const COST = objectCost(obj(0, 0));

describe("TrackCache", () => {
  it("keeps Objects in Object ID order and ignores duplicates", () => {
    const c = new TrackCache({ maxBytes: 1e6, maxGroups: 4 }, new CacheBudget(1e9));
    expect(c.add(obj(0, 2))).toBe("added");
    expect(c.add(obj(0, 0))).toBe("added");
    expect(c.add(obj(0, 1))).toBe("added");
    expect(c.add(obj(0, 1))).toBe("duplicate");
    expect(c.group(0)!.objects.map((o) => o.objectId)).toEqual([0, 1, 2]);
    expect(c.has(0, 2)).toBe(true);
    expect(c.bytes).toBe(3 * COST);
  });

  it("keeps the newest maxGroups Groups and reports what it covers", () => {
    const c = new TrackCache({ maxBytes: 1e6, maxGroups: 2 }, new CacheBudget(1e9));
    for (let g = 0; g < 4; g++) c.add(obj(g, 0));
    expect(c.groupIds()).toEqual([2, 3]);
    // An older Group than any kept is not cached again.
    expect(c.add(obj(1, 1))).toBe("skipped");
    expect(c.coveredFrom({ group: 0, object: 0 })).toEqual({ group: 2, object: 0 });
    expect(c.coveredFrom({ group: 3, object: 1 })).toEqual({ group: 3, object: 1 });
    expect(c.coveredFrom(undefined)).toBeUndefined();
  });

  it("evicts the oldest Groups over maxBytes, the filling one last", () => {
    const c = new TrackCache({ maxBytes: 3 * COST, maxGroups: 10 }, new CacheBudget(1e9));
    c.add(obj(0, 0));
    c.add(obj(0, 1));
    c.add(obj(1, 0));
    c.add(obj(1, 1));
    expect(c.groupIds()).toEqual([1]);
    // A Group larger than the bound is dropped whole; later Objects of it are skipped.
    c.add(obj(1, 2));
    c.add(obj(1, 3));
    expect(c.groupIds()).toEqual([]);
    expect(c.add(obj(1, 4))).toBe("skipped");
    expect(c.add(obj(2, 0))).toBe("added");
  });

  it("shares the relay-wide budget, evicting the oldest Groups of any track", () => {
    const budget = new CacheBudget(4 * COST);
    const a = new TrackCache({ maxBytes: 1e6, maxGroups: 10 }, budget);
    const b = new TrackCache({ maxBytes: 1e6, maxGroups: 10 }, budget);
    a.add(obj(0, 0));
    b.add(obj(0, 0));
    a.add(obj(1, 0));
    b.add(obj(1, 0));
    expect(budget.bytes).toBe(4 * COST);
    a.add(obj(2, 0));
    expect(a.groupIds()).toEqual([1, 2]);
    expect(b.groupIds()).toEqual([0, 1]);
    expect(budget.bytes).toBe(4 * COST);
  });

  it("expires Groups by age and starts over after clear()", () => {
    const c = new TrackCache({ maxBytes: 1e6, maxGroups: 10 }, new CacheBudget(1e9));
    c.add(obj(5, 0, 10, 1000));
    c.add(obj(6, 0, 10, 2000));
    c.expire(1500);
    expect(c.groupIds()).toEqual([6]);
    c.clear();
    expect(c.bytes).toBe(0);
    expect(c.add(obj(0, 0))).toBe("added");
  });
});
