// The messages of a text publication that may still have to be (re)sent: every
// message not yet handed to a session, plus every message written within the
// retention window (`textRetentionMs`; at most `maxRetainedTextMessages`, but
// never less than the current and previous Group), so that after a reconnect
// whatever the relay may have missed — also during a silent loss that is only
// noticed at the idle timeout — is sent again with the same Group and Object IDs
// (subscribers drop the duplicates).
import type { GroupCounter } from "./group-counter.ts";
import type { Clock } from "./options.ts";

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
  /** When it was written (clock ms): retention is measured from here. */
  readonly writtenAtMs: number;
}

/** How long sent messages are kept for a resend. */
export interface TextRetention {
  /** Wall clock of `writtenAtMs`. */
  readonly clock: Clock;
  /** Sent messages younger than this are kept (`textRetentionMs`). */
  readonly retentionMs: number;
  /** At most this many sent messages are kept, unless the current and previous Group hold more. */
  readonly maxRetained: number;
}

/**
 * The retained and unsent messages, in Location order. Messages are sent in
 * order, so a cursor separates the ones handed to the current session from the
 * ones still waiting, and a high-water mark the ones ever handed to a session
 * from the ones never sent (bounded by `maxQueuedTextMessages`).
 */
export class TextLog {
  /** Entries from `head` on are live (older ones are dropped lazily, amortised O(1)). */
  private entries: TextEntry[] = [];
  private head = 0;
  /** Index of the first message not handed to the current session. */
  private cursor = 0;
  /** Index of the first message never handed to any session. */
  private sentThrough = 0;
  private groupId: number | undefined;
  private nextObjectId = TEXT_GROUP_SIZE;

  constructor(
    private readonly groups: GroupCounter,
    private readonly retention: TextRetention,
  ) {}

  /** Messages not yet handed to the current session (waiting plus retained ones to resend). */
  get unsent(): number {
    return this.entries.length - this.cursor;
  }

  /** Messages never handed to any session. */
  get waiting(): number {
    return this.entries.length - this.sentThrough;
  }

  /** Messages kept for a resend (handed to a session before). */
  get retained(): number {
    return this.sentThrough - this.head;
  }

  /** Appends a message at the next Location (a new Group every 64). */
  append(payload: Uint8Array, tsUs: number): TextEntry {
    if (this.groupId === undefined || this.nextObjectId >= TEXT_GROUP_SIZE) {
      this.groupId = this.groups.next();
      this.nextObjectId = 0;
    }
    const e: TextEntry = {
      groupId: this.groupId,
      objectId: this.nextObjectId++,
      tsUs,
      payload,
      writtenAtMs: this.retention.clock.nowMs(),
    };
    this.entries.push(e);
    return e;
  }

  /** The first message not handed to the current session, if any. */
  nextUnsent(): TextEntry | undefined {
    return this.entries[this.cursor];
  }

  /** `e` (the first unsent message) was handed to the session. */
  markSent(e: TextEntry): void {
    if (this.entries[this.cursor] !== e) return;
    this.cursor++;
    if (this.cursor > this.sentThrough) this.sentThrough = this.cursor;
    this.trim();
  }

  /** A new session (or stream): everything retained goes out again. */
  resendAll(): void {
    this.trim();
    this.cursor = this.head;
  }

  /**
   * Forgets sent messages outside the retention: older than `retentionMs`, or
   * beyond `maxRetained`, oldest first — never one of the current or previous
   * Group (of the newest sent message).
   */
  trim(): void {
    const newest = this.entries[this.sentThrough - 1]?.groupId;
    if (newest === undefined) return;
    // Group IDs of a log are consecutive: the previous Group is `newest - 1`.
    const floor = newest - 1;
    const cutoff = this.retention.clock.nowMs() - this.retention.retentionMs;
    const { maxRetained } = this.retention;
    while (this.head < this.sentThrough) {
      const e = this.entries[this.head]!;
      if (e.groupId >= floor) break;
      if (e.writtenAtMs > cutoff && this.sentThrough - this.head <= maxRetained) break;
      this.head++;
    }
    if (this.cursor < this.head) this.cursor = this.head;
    if (this.head > 1024 && this.head * 2 > this.entries.length) this.compact();
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
    this.entries = [];
    this.head = 0;
    this.cursor = 0;
    this.sentThrough = 0;
  }

  private compact(): void {
    this.entries = this.entries.slice(this.head);
    this.cursor -= this.head;
    this.sentThrough -= this.head;
    this.head = 0;
  }
}
