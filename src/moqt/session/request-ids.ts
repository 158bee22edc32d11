// draft-14/16 §"Request ID": client Request IDs are even and start at 0, server
// ones odd and start at 1; each request takes the next one (+2). §"MAX_REQUEST_ID":
// the peer may use Request IDs below the Maximum Request ID it was given.
import { SessionErrorCode } from "../wire/error-codes.ts";
import { MoqtSessionError } from "./errors.ts";

/** Which end of the session this is. */
export type Role = "client" | "server";

/** The low bit of the Request IDs `role` uses. */
export function parityOf(role: Role): 0 | 1 {
  return role === "client" ? 0 : 1;
}

/** The MAX_REQUEST_ID value that lets an endpoint of `role` open `count` requests in all. */
export function limitForCount(role: Role, count: number): number {
  return count <= 0 ? 0 : 2 * count + parityOf(role) - 1;
}

/** How many requests an endpoint of `role` may open in all under MAX_REQUEST_ID `limit`. */
export function countForLimit(role: Role, limit: number): number {
  const p = parityOf(role);
  return limit <= p ? 0 : Math.ceil((limit - p) / 2);
}

/** The Request IDs this endpoint issues, and the limit the peer set on them. */
export class OutgoingRequestIds {
  /** The next Request ID to use. */
  next: number;
  /** Request IDs below this may be used (the peer's MAX_REQUEST_ID). */
  limit: number;
  private reportedBlockedAt: number | undefined;

  constructor(role: Role, initialLimit: number) {
    this.next = parityOf(role);
    this.limit = initialLimit;
  }

  get available(): boolean {
    return this.next < this.limit;
  }

  take(): number {
    const id = this.next;
    this.next += 2;
    return id;
  }

  /** Returns the ID just taken (its message could not be encoded, so it was never sent). */
  untake(id: number): void {
    if (id === this.next - 2) this.next = id;
  }

  /** Applies a MAX_REQUEST_ID; false when it does not increase the limit. */
  raise(limit: number): boolean {
    if (limit <= this.limit) return false;
    this.limit = limit;
    return true;
  }

  /**
   * The limit to report in REQUESTS_BLOCKED, or undefined when it was reported
   * already (§"REQUESTS_BLOCKED": only one per Maximum Request ID).
   */
  blockedReport(): number | undefined {
    if (this.reportedBlockedAt === this.limit) return undefined;
    this.reportedBlockedAt = this.limit;
    return this.limit;
  }

  /** True when this endpoint has sent a request with `id`. */
  issued(id: number): boolean {
    return id % 2 === this.next % 2 && id < this.next;
  }
}

/**
 * The peer's Request IDs: validation of each new request and the limit granted.
 * With `strictOrder` each request must take exactly the next ID (everything
 * travels on the control stream, draft-14); without it (draft-16, where
 * SUBSCRIBE_NAMESPACE opens its own stream and may overtake) IDs may arrive out
 * of order but never twice.
 */
export class IncomingRequestIds {
  /** Request IDs below this are allowed (the MAX_REQUEST_ID sent last). */
  limit: number;
  private lowestUnseen: number;
  private readonly ahead = new Set<number>();
  private readonly parity: 0 | 1;

  constructor(
    private readonly peer: Role,
    initialLimit: number,
    private readonly strictOrder: boolean,
  ) {
    this.parity = parityOf(peer);
    this.lowestUnseen = this.parity;
    this.limit = initialLimit;
  }

  /** Validates the Request ID of a new request; throws the termination it calls for. */
  accept(id: number): void {
    // §"Request ID": an ID of the wrong parity, or not the next expected, is INVALID_REQUEST_ID.
    if (id % 2 !== this.parity) {
      throw new MoqtSessionError(
        SessionErrorCode.INVALID_REQUEST_ID,
        `request ID ${id} has the wrong parity`,
      );
    }
    // §"MAX_REQUEST_ID": an ID at or above the limit is TOO_MANY_REQUESTS.
    if (id >= this.limit) {
      throw new MoqtSessionError(
        SessionErrorCode.TOO_MANY_REQUESTS,
        `request ID ${id} is not below MAX_REQUEST_ID ${this.limit}`,
      );
    }
    const fresh = this.strictOrder
      ? id === this.lowestUnseen
      : id >= this.lowestUnseen && !this.ahead.has(id);
    if (!fresh) {
      throw new MoqtSessionError(
        SessionErrorCode.INVALID_REQUEST_ID,
        `request ID ${id} is not the next expected (${this.lowestUnseen})`,
      );
    }
    this.ahead.add(id);
    while (this.ahead.delete(this.lowestUnseen)) this.lowestUnseen += 2;
  }

  /** True when the peer has opened a request with `id`. */
  used(id: number): boolean {
    return id % 2 === this.parity && (id < this.lowestUnseen || this.ahead.has(id));
  }

  /** Requests the peer may still open under the current limit. */
  get remaining(): number {
    const used = (this.lowestUnseen - this.parity) / 2 + this.ahead.size;
    return countForLimit(this.peer, this.limit) - used;
  }

  /** Allows `count` more requests; returns the new MAX_REQUEST_ID value to send. */
  grant(count: number): number {
    this.limit = limitForCount(this.peer, countForLimit(this.peer, this.limit) + count);
    return this.limit;
  }
}
