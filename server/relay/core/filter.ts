// draft-14/16 §"Subscription Filters": which Objects a subscription passes.

import type { Location } from "../../../src/moqt/wire/index.ts";
import type { SubscriptionFilter } from "../../../src/moqt/wire/subscription-filter.ts";

/** The Objects a subscription passes: Locations ≥ start, Groups ≤ endGroup. */
export interface Window {
  readonly start: Location;
  /** Inclusive; absent: open-ended. */
  readonly endGroup?: number;
}

const ORIGIN: Location = { group: 0, object: 0 };

/**
 * The window of `filter` given the track's Largest Object when the request is
 * processed. §"Subscription Filters": Largest Object starts at {Largest.Group,
 * Largest.Object + 1}, Next Group Start at {Largest.Group + 1, 0}, both at {0, 0}
 * when nothing was delivered yet; no filter passes everything.
 */
export function windowFor(
  filter: SubscriptionFilter | undefined,
  largest: Location | undefined,
): Window {
  if (filter === undefined) return { start: ORIGIN };
  switch (filter.type) {
    case "largestObject":
      return { start: largest ? { group: largest.group, object: largest.object + 1 } : ORIGIN };
    case "nextGroupStart":
      return { start: largest ? { group: largest.group + 1, object: 0 } : ORIGIN };
    case "absoluteStart":
      return { start: filter.start };
    case "absoluteRange":
      return { start: filter.start, endGroup: filter.endGroup };
  }
}

/** Whether Object {group, object} passes `w`. */
export function passes(w: Window, group: number, object: number): boolean {
  if (w.endGroup !== undefined && group > w.endGroup) return false;
  // Once per Object and subscriber: compared in place, no Location built.
  return group !== w.start.group ? group > w.start.group : object >= w.start.object;
}

/**
 * §"SUBSCRIBE": a filter the publisher cannot satisfy, an inverted range, or an
 * End Group already entirely published, is answered INVALID_RANGE. Returns why, or undefined.
 */
export function invalidRange(
  filter: SubscriptionFilter | undefined,
  largest: Location | undefined,
): string | undefined {
  if (filter?.type !== "absoluteRange") return undefined;
  if (filter.endGroup < filter.start.group) return "End Group is before the Start Location";
  if (largest !== undefined && filter.endGroup < largest.group) {
    return `End Group ${filter.endGroup} was already published`;
  }
  return undefined;
}
