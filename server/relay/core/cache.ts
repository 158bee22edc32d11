// draft-14/16 §"Caching Relays": Objects cached by Full Track Name, Group ID and
// Object ID, with every Canonical Object Property. Only the newest Groups of a
// track are kept, bounded in count and bytes per track and relay-wide.
import { compareLocations, type Location } from "../../../src/moqt/wire/index.ts";
import type { CacheBudget, GroupEvictor } from "./cache-budget.ts";
import { objectCost, type RelayObject } from "./relay-object.ts";

/** One cached Group: its Objects in Object ID order. */
export interface CachedGroup {
  readonly groupId: number;
  readonly objects: RelayObject[];
  bytes: number;
  /** The largest Object ID of the Group is known (End of Group seen). */
  complete: boolean;
}

/** Bounds of one track's cache. */
export interface TrackCacheLimits {
  readonly maxBytes: number;
  readonly maxGroups: number;
}

/** What `add` did with an Object. */
export type CacheAdd = "added" | "duplicate" | "skipped";

/** The cache of one track. */
export class TrackCache implements GroupEvictor {
  private readonly groups = new Map<number, CachedGroup>();
  private used = 0;
  /** Highest Group ID dropped (older content is not complete in the cache); -1: none. */
  private evictedThrough = -1;

  constructor(
    private readonly limits: TrackCacheLimits,
    private readonly budget: CacheBudget,
  ) {}

  /** Bytes cached for this track. */
  get bytes(): number {
    return this.used;
  }

  /** Cached Group IDs, ascending. */
  groupIds(): number[] {
    return [...this.groups.keys()].sort((a, b) => a - b);
  }

  group(groupId: number): CachedGroup | undefined {
    return this.groups.get(groupId);
  }

  /** Whether Object {groupId, objectId} is cached. */
  has(groupId: number, objectId: number): boolean {
    const g = this.groups.get(groupId);
    return g !== undefined && findIndex(g.objects, objectId) >= 0;
  }

  /**
   * Caches `o` unless it is a duplicate (§"Caching Relays": a later copy MAY be
   * ignored) or too old to keep. Evicts old Groups to stay in bounds.
   */
  add(o: RelayObject): CacheAdd {
    if (o.groupId <= this.evictedThrough) return "skipped";
    let g = this.groups.get(o.groupId);
    if (g === undefined) {
      if (this.groups.size >= this.limits.maxGroups && o.groupId < this.oldestGroupId()) {
        return "skipped";
      }
      g = { groupId: o.groupId, objects: [], bytes: 0, complete: false };
      this.groups.set(o.groupId, g);
      this.budget.register(this, o.groupId);
      this.trimGroups();
    }
    const at = findIndex(g.objects, o.objectId);
    if (at >= 0) return "duplicate";
    g.objects.splice(-at - 1, 0, o);
    const cost = objectCost(o);
    g.bytes += cost;
    this.used += cost;
    this.budget.charge(cost);
    this.trimBytes();
    return this.groups.has(o.groupId) ? "added" : "skipped";
  }

  /** Records that Group `groupId` has no Objects after the ones cached. */
  markComplete(groupId: number): void {
    const g = this.groups.get(groupId);
    if (g !== undefined) g.complete = true;
  }

  /**
   * The first Location from which the cache holds everything the relay received,
   * given where reception started (`receivedFrom`); undefined when nothing is covered.
   */
  coveredFrom(receivedFrom: Location | undefined): Location | undefined {
    if (receivedFrom === undefined) return undefined;
    const floor = { group: this.evictedThrough + 1, object: 0 };
    return compareLocations(receivedFrom, floor) >= 0 ? receivedFrom : floor;
  }

  /** Drops Groups whose first Object arrived before `cutoffMs` (MAX_CACHE_DURATION). */
  expire(cutoffMs: number): void {
    for (const id of this.groupIds()) {
      const first = this.groups.get(id)?.objects[0];
      if (first !== undefined && first.receivedAtMs < cutoffMs) this.evictGroup(id);
    }
  }

  evictGroup(groupId: number): number {
    const g = this.groups.get(groupId);
    if (g === undefined) return 0;
    this.groups.delete(groupId);
    this.used -= g.bytes;
    this.budget.release(g.bytes);
    if (groupId > this.evictedThrough) this.evictedThrough = groupId;
    return g.bytes;
  }

  /** Empties the cache and forgets what was evicted (the track starts over). */
  clear(): void {
    for (const id of [...this.groups.keys()]) this.evictGroup(id);
    this.evictedThrough = -1;
  }

  private oldestGroupId(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const id of this.groups.keys()) if (id < min) min = id;
    return min;
  }

  private trimGroups(): void {
    while (this.groups.size > this.limits.maxGroups) this.evictGroup(this.oldestGroupId());
  }

  /** Over the per-track bound: drop the oldest Groups (possibly the one being filled). */
  private trimBytes(): void {
    while (this.used > this.limits.maxBytes && this.groups.size > 0) {
      this.evictGroup(this.oldestGroupId());
    }
  }
}

/** Index of `objectId` in `objects` (sorted), or -(insertion point) - 1. */
function findIndex(objects: readonly RelayObject[], objectId: number): number {
  let lo = 0;
  let hi = objects.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const id = objects[mid]!.objectId;
    if (id === objectId) return mid;
    if (id < objectId) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}
