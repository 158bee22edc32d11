import type { OutgoingRequestIds } from "./request-ids.ts";

/** A request waiting for a Request ID. */
export interface GateEntry {
  /** Sends the request with `id`, synchronously; throwing gives the ID back. */
  send(id: number): void;
  /** Called with what `send` threw, or with the reason the gate was shut. */
  fail(error: unknown): void;
}

/**
 * Hands out Request IDs in call order as the peer's MAX_REQUEST_ID allows.
 * Requests beyond the limit wait in a queue (§"MAX_REQUEST_ID"), and the first
 * one to wait under a given limit triggers `onBlocked` (§"REQUESTS_BLOCKED":
 * one per Maximum Request ID). IDs go out strictly in order because a waiting
 * request is sent synchronously when its ID is handed out.
 */
export class RequestGate {
  private readonly queue: GateEntry[] = [];
  private shut: unknown;
  private isShut = false;

  constructor(
    private readonly ids: OutgoingRequestIds,
    private readonly onBlocked: (limit: number) => void,
  ) {}

  /** Requests waiting for an ID. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Sends `entry` now if an ID is free and nothing waits, else queues it.
   * Returns a function that withdraws it while it still waits (true if withdrawn).
   */
  submit(entry: GateEntry): () => boolean {
    if (this.isShut) {
      entry.fail(this.shut);
      return () => false;
    }
    if (this.queue.length === 0 && this.ids.available) {
      this.run(entry);
      return () => false;
    }
    this.queue.push(entry);
    const limit = this.ids.blockedReport();
    if (limit !== undefined) this.onBlocked(limit);
    return () => {
      const i = this.queue.indexOf(entry);
      if (i < 0) return false;
      this.queue.splice(i, 1);
      return true;
    };
  }

  /** Applies a MAX_REQUEST_ID and sends what now fits; false when it did not increase. */
  raise(limit: number): boolean {
    if (!this.ids.raise(limit)) return false;
    while (this.queue.length > 0 && this.ids.available) this.run(this.queue.shift()!);
    if (this.queue.length > 0) {
      const blocked = this.ids.blockedReport();
      if (blocked !== undefined) this.onBlocked(blocked);
    }
    return true;
  }

  /** Fails every waiting request and every later one with `reason`. */
  close(reason: unknown): void {
    this.isShut = true;
    this.shut = reason;
    for (const entry of this.queue.splice(0)) entry.fail(reason);
  }

  private run(entry: GateEntry): void {
    const id = this.ids.take();
    try {
      entry.send(id);
    } catch (e) {
      this.ids.untake(id);
      entry.fail(e);
    }
  }
}
