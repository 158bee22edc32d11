// The messages of a text publication that may still have to be (re)sent: every
// message not yet handed to a session, plus the current and previous Group, so
// that after a reconnect the tail the relay may have missed is sent again with
// the same Group and Object IDs (subscribers drop the duplicates).
import type { GroupCounter } from "./group-counter.ts";

/** Messages per Group of a text track. */
export const TEXT_GROUP_SIZE = 64;

/** One text message and where it sits in the track. */
export interface TextEntry {
  /** Group ID. */
  readonly groupId: number;
  /** Object ID (0..63). */
  readonly objectId: number;
  /** Timestamp in µs. */
  readonly tsUs: number;
  /** The UTF-8 message. */
  readonly payload: Uint8Array;
}

/**
 * The retained and unsent messages, in Location order. Messages are sent in
 * order, so a cursor separates the ones handed to the current session from the
 * ones still waiting.
 */
export class TextLog {
  private readonly entries: TextEntry[] = [];
  /** Index of the first message not handed to the current session. */
  private cursor = 0;
  private groupId: number | undefined;
  private nextObjectId = TEXT_GROUP_SIZE;

  constructor(private readonly groups: GroupCounter) {}

  /** Messages not yet handed to a session. */
  get unsent(): number {
    return this.entries.length - this.cursor;
  }

  /** Appends a message at the next Location (a new Group every 64). */
  append(payload: Uint8Array, tsUs: number): TextEntry {
    if (this.groupId === undefined || this.nextObjectId >= TEXT_GROUP_SIZE) {
      this.groupId = this.groups.next();
      this.nextObjectId = 0;
    }
    const e: TextEntry = { groupId: this.groupId, objectId: this.nextObjectId++, tsUs, payload };
    this.entries.push(e);
    return e;
  }

  /** The first message not handed to a session, if any. */
  nextUnsent(): TextEntry | undefined {
    return this.entries[this.cursor];
  }

  /** `e` (the first unsent message) was handed to the session. */
  markSent(e: TextEntry): void {
    if (this.entries[this.cursor] === e) this.cursor++;
  }

  /** A new session (or stream): everything retained goes out again. */
  resendAll(): void {
    this.cursor = 0;
  }

  /** Forgets sent messages older than the Group before the newest sent one. */
  trim(): void {
    const newest = this.entries[this.cursor - 1]?.groupId;
    if (newest === undefined) return;
    // Entries are in Location order: the last Group below `newest` is its previous one.
    let previous: number | undefined;
    for (let i = this.cursor - 1; i >= 0; i--) {
      const g = this.entries[i]!.groupId;
      if (g < newest) {
        previous = g;
        break;
      }
    }
    const floor = previous ?? newest;
    let drop = 0;
    while (drop < this.cursor && this.entries[drop]!.groupId < floor) drop++;
    this.entries.splice(0, drop);
    this.cursor -= drop;
  }

  /** The Location after the last message (where END_OF_TRACK goes); undefined before any. */
  endLocation(): { groupId: number; objectId: number } | undefined {
    if (this.groupId === undefined) return undefined;
    if (this.nextObjectId < TEXT_GROUP_SIZE) {
      return { groupId: this.groupId, objectId: this.nextObjectId };
    }
    this.groupId = this.groups.next();
    this.nextObjectId = 0;
    return { groupId: this.groupId, objectId: 0 };
  }

  /** Forgets every message (the publication closed). */
  clear(): void {
    this.entries.length = 0;
    this.cursor = 0;
  }
}
