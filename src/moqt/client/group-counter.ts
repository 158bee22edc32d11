import type { Clock } from "./options.ts";

/**
 * Group IDs of one publication. They start at the wall clock in milliseconds, so
 * a publisher that restarts (a new page, a new process) continues above the
 * IDs it used before (draft §"Group IDs": IDs SHOULD increase with time), and
 * they only ever increase for the life of the handle, across reconnects:
 * relays drop a track that restarts its numbering.
 */
export class GroupCounter {
  private last: number | undefined;

  constructor(private readonly clock: Clock) {}

  /** The ID of a new Group, greater than every one before. */
  next(): number {
    const seed = Math.floor(this.clock.nowMs());
    this.last = this.last === undefined ? Math.max(0, seed) : this.last + 1;
    return this.last;
  }

  /** The ID most recently returned, if any. */
  get current(): number | undefined {
    return this.last;
  }
}
