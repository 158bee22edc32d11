// FETCH ranges (draft-14/16 §"Standalone Fetch", §"Joining Fetches", §"FETCH_OK").
// An End Location is the last Object plus 1; Object 0 asks for the whole Group.
import { compareLocations, type Location } from "../../../src/moqt/wire/index.ts";

/** Objects from `start` up to, not including, `end` (object 0: through the whole of `end.group`). */
export interface FetchRange {
  readonly start: Location;
  readonly end: Location;
}

/** The last Location the range includes. */
export function lastIncluded(r: FetchRange): Location {
  return r.end.object === 0
    ? { group: r.end.group, object: Number.MAX_SAFE_INTEGER }
    : { group: r.end.group, object: r.end.object - 1 };
}

/** Whether Object {group, object} is in the range. */
export function inRange(r: FetchRange, group: number, object: number): boolean {
  const l = { group, object };
  return compareLocations(l, r.start) >= 0 && compareLocations(l, lastIncluded(r)) <= 0;
}

/**
 * §"Joining Fetch Range Calculation": the range ends at the subscription's saved
 * Largest Location (inclusive); Relative starts {Largest.Group - Joining Start, 0},
 * Absolute starts {Joining Start, 0}.
 */
export function joiningRange(
  type: "relativeJoining" | "absoluteJoining",
  joiningStart: number,
  largest: Location,
): FetchRange {
  const startGroup =
    type === "relativeJoining" ? Math.max(0, largest.group - joiningStart) : joiningStart;
  return {
    start: { group: startGroup, object: 0 },
    end: { group: largest.group, object: largest.object + 1 },
  };
}

/**
 * §"FETCH_OK" End Location: {Largest.Group, Largest.Object + 1} when the request
 * reaches beyond the Largest Object, {End.Group, 0} when a whole-Group request
 * covers the Group's last Object, else the requested End Location.
 */
export function fetchEndLocation(
  r: FetchRange,
  largest: Location,
  groupComplete: (group: number) => boolean,
): Location {
  if (compareLocations(lastIncluded(r), largest) <= 0) return r.end;
  if (r.end.object === 0 && largest.group === r.end.group && groupComplete(largest.group)) {
    return r.end;
  }
  return { group: largest.group, object: largest.object + 1 };
}

/** The Location just before `l` for an End of Range marker (the whole previous Group at a boundary). */
export function locationBefore(l: Location): Location | undefined {
  if (l.object > 0) return { group: l.group, object: l.object - 1 };
  if (l.group === 0) return undefined;
  return { group: l.group - 1, object: Number.MAX_SAFE_INTEGER };
}
