import { describe, expect, it } from "vitest";
import { grantFromClaims } from "./auth/claims.ts";
import { decide } from "./auth/grant.ts";
import { fetchEndLocation, joiningRange, lastIncluded } from "./fetch-range.ts";
import { invalidRange, passes, windowFor } from "./filter.ts";
import { ns } from "./testing/harness.ts";

describe("claims and grants", () => {
  const grant = grantFromClaims({
    sub: "r",
    exp: 100,
    moqt: { pub: ["robot/1"], sub: ["robot/", ""] },
  });

  it("reads prefixes field by field", () => {
    expect(decide([grant], "publish", ns("robot/1/arm"), 0)).toBe("allow");
    expect(decide([grant], "publish", ns("robot/10"), 0)).toBe("unauthorized");
    expect(decide([grant], "subscribe", ns("anything"), 0)).toBe("allow");
  });

  it("expires with exp", () => {
    expect(decide([grant], "publish", ns("robot/1"), 100_000)).toBe("expired");
    const other = grantFromClaims({ moqt: { pub: ["robot"] } });
    expect(decide([grant, other], "publish", ns("robot/1"), 100_000)).toBe("allow");
  });

  it("rejects a malformed claim and grants nothing without one", () => {
    expect(() => grantFromClaims({ moqt: { pub: "robot" } })).toThrow();
    expect(() => grantFromClaims({ moqt: ["robot"] })).toThrow();
    expect(decide([grantFromClaims({})], "subscribe", ns("a"), 0)).toBe("unauthorized");
  });
});

describe("subscription filters", () => {
  const largest = { group: 5, object: 3 };
  it("computes windows relative to the Largest Object", () => {
    expect(windowFor({ type: "largestObject" }, largest).start).toEqual({ group: 5, object: 4 });
    expect(windowFor({ type: "nextGroupStart" }, largest).start).toEqual({ group: 6, object: 0 });
    expect(windowFor({ type: "nextGroupStart" }, undefined).start).toEqual({ group: 0, object: 0 });
    const w = windowFor(
      { type: "absoluteRange", start: { group: 2, object: 1 }, endGroup: 4 },
      largest,
    );
    expect([passes(w, 2, 0), passes(w, 2, 1), passes(w, 4, 99), passes(w, 5, 0)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it("finds ranges that cannot be satisfied", () => {
    expect(
      invalidRange(
        { type: "absoluteRange", start: { group: 3, object: 0 }, endGroup: 2 },
        undefined,
      ),
    ).toBeDefined();
    expect(
      invalidRange({ type: "absoluteRange", start: { group: 1, object: 0 }, endGroup: 4 }, largest),
    ).toBeDefined();
    expect(
      invalidRange({ type: "absoluteRange", start: { group: 1, object: 0 }, endGroup: 5 }, largest),
    ).toBeUndefined();
  });
});

describe("FETCH ranges", () => {
  it("computes Joining FETCH ranges", () => {
    const largest = { group: 7, object: 4 };
    expect(joiningRange("relativeJoining", 2, largest)).toEqual({
      start: { group: 5, object: 0 },
      end: { group: 7, object: 5 },
    });
    expect(joiningRange("absoluteJoining", 3, largest).start).toEqual({ group: 3, object: 0 });
    expect(joiningRange("relativeJoining", 9, largest).start).toEqual({ group: 0, object: 0 });
  });

  it("computes the FETCH_OK End Location", () => {
    const largest = { group: 4, object: 2 };
    const none = () => false;
    expect(
      fetchEndLocation(
        { start: { group: 0, object: 0 }, end: { group: 9, object: 0 } },
        largest,
        none,
      ),
    ).toEqual({
      group: 4,
      object: 3,
    });
    expect(
      fetchEndLocation(
        { start: { group: 0, object: 0 }, end: { group: 4, object: 0 } },
        largest,
        () => true,
      ),
    ).toEqual({
      group: 4,
      object: 0,
    });
    expect(
      fetchEndLocation(
        { start: { group: 0, object: 0 }, end: { group: 3, object: 0 } },
        largest,
        none,
      ),
    ).toEqual({
      group: 3,
      object: 0,
    });
    expect(lastIncluded({ start: { group: 0, object: 0 }, end: { group: 2, object: 5 } })).toEqual({
      group: 2,
      object: 4,
    });
  });
});
