// Exactly-once, in-order delivery of text messages. Messages are identified by
// their Location; a text track has 64 messages per Group (TEXT_GROUP_SIZE), so
// the successor of {g, 63} is {g + 1, 0}. Anything at or before the last
// delivered Location is a duplicate; anything after a hole waits until the hole
// is filled (FETCH) or declared lost.
import { ObjectStatus } from "../wire/data/object-status.ts";
import { compareLocations, type Location } from "../wire/fields.ts";
import { locationOf, type ReceivedObject } from "./received-object.ts";
import { TEXT_GROUP_SIZE } from "./text-log.ts";

/** A hole before the first waiting message: `from` (inclusive) up to `to` (exclusive). */
export interface Hole {
  /** First missing Location. */
  readonly from: Location;
  /** The first waiting message (exclusive end of the hole). */
  readonly to: Location;
}

function same(a: Location, b: Location): boolean {
  return a.group === b.group && a.object === b.object;
}

/** Orders text messages and drops duplicates. */
export class TextSequencer {
  private last: Location | undefined;
  private waiting: ReceivedObject[] = [];
  private readonly groupEnds = new Map<number, number>();
  private endOfTrack: Location | undefined;

  constructor(private readonly deliver: (o: ReceivedObject) => void) {}

  /** The last delivered Location (or the baseline), if any. */
  get lastDelivered(): Location | undefined {
    return this.last;
  }

  /** Treats everything up to `l` as delivered (a live start). */
  setBaseline(l: Location): void {
    if (this.last === undefined || compareLocations(l, this.last) > 0) this.last = l;
    this.drain();
  }

  /** The Location that follows `l`. */
  successor(l: Location): Location {
    const end = this.groupEnds.get(l.group);
    if (end === l.object || l.object + 1 >= TEXT_GROUP_SIZE)
      return { group: l.group + 1, object: 0 };
    return { group: l.group, object: l.object + 1 };
  }

  /** Where the next message must be; undefined before the first one. */
  get expected(): Location | undefined {
    return this.last === undefined ? undefined : this.successor(this.last);
  }

  /** Feeds one Object (any order, duplicates allowed). */
  push(o: ReceivedObject): void {
    const at = locationOf(o);
    if (o.status === ObjectStatus.END_OF_TRACK) {
      this.endOfTrack = at;
      this.checkEnd();
      return;
    }
    if (o.status === ObjectStatus.END_OF_GROUP) {
      this.markGroupEnd(o.groupId, o.objectId - 1);
      return;
    }
    if (o.status !== ObjectStatus.NORMAL) return;
    if (this.last !== undefined && compareLocations(at, this.last) <= 0) return;
    let i = this.waiting.length;
    while (i > 0 && compareLocations(locationOf(this.waiting[i - 1]!), at) > 0) i--;
    if (i > 0 && same(locationOf(this.waiting[i - 1]!), at)) return;
    this.waiting.splice(i, 0, o);
    this.drain();
  }

  /**
   * A Group's last Object is `lastObjectId` (an END_OF_GROUP status). A stream's FIN
   * is not taken as that signal: a relay ending a subscription may FIN a stream
   * whose Group was not complete.
   */
  markGroupEnd(groupId: number, lastObjectId: number): void {
    this.groupEnds.set(groupId, lastObjectId);
    this.drain();
  }

  /** The hole before the first waiting message, if delivery is blocked. */
  hole(): Hole | undefined {
    const first = this.waiting[0];
    if (first === undefined) return undefined;
    const from =
      this.last === undefined ? { group: first.groupId, object: 0 } : this.successor(this.last);
    return { from, to: locationOf(first) };
  }

  /** Gives up on the current hole: delivery continues with the first waiting message. */
  skipHole(): void {
    const first = this.waiting.shift();
    if (first === undefined) return;
    this.emit(first);
    this.drain();
  }

  private drain(): void {
    for (;;) {
      const first = this.waiting[0];
      if (first === undefined) return;
      const at = locationOf(first);
      if (this.last !== undefined && compareLocations(at, this.last) <= 0) {
        this.waiting.shift();
        continue;
      }
      const next =
        this.last === undefined ? first.objectId === 0 : same(at, this.successor(this.last));
      if (!next) return;
      this.waiting.shift();
      this.emit(first);
    }
  }

  private emit(o: ReceivedObject): void {
    this.last = locationOf(o);
    if (this.groupEnds.size > 16) {
      for (const g of this.groupEnds.keys()) if (g < o.groupId) this.groupEnds.delete(g);
    }
    this.deliver(o);
    this.checkEnd();
  }

  /** After END_OF_TRACK everything was delivered: a returning publisher starts afresh. */
  private checkEnd(): void {
    const end = this.endOfTrack;
    if (end === undefined || this.last === undefined) return;
    if (same(this.successor(this.last), end)) {
      this.endOfTrack = undefined;
      this.last = undefined;
      this.groupEnds.clear();
      this.drain();
    } else if (compareLocations(this.last, end) >= 0) {
      this.endOfTrack = undefined; // stale marker of an earlier run of the track
    }
  }
}
