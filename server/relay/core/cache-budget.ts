/** A cache holding Groups that the global budget may ask to give one up. */
export interface GroupEvictor {
  /** Drops Group `groupId` if still held; returns the bytes freed. */
  evictGroup(groupId: number): number;
}

/**
 * The relay-wide bound on cached bytes (limit "maxCacheBytes"): Groups are
 * registered as they start; when the total is over the bound the oldest
 * registered Group, whatever its track, is evicted first.
 */
export class CacheBudget {
  private used = 0;
  private readonly order: { cache: GroupEvictor; groupId: number }[] = [];
  private head = 0;

  constructor(readonly maxBytes: number) {}

  /** Cached bytes over all tracks. */
  get bytes(): number {
    return this.used;
  }

  /** A Group started being cached. */
  register(cache: GroupEvictor, groupId: number): void {
    this.order.push({ cache, groupId });
  }

  /** `n` more bytes were cached; evicts old Groups while the total is over the bound. */
  charge(n: number): void {
    this.used += n;
    while (this.used > this.maxBytes && this.head < this.order.length) {
      const next = this.order[this.head++]!;
      next.cache.evictGroup(next.groupId);
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }

  /** `n` bytes left the cache. */
  release(n: number): void {
    this.used -= n;
  }
}
