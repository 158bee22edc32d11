/** Remembers the last `capacity` keys (oldest forgotten first), to drop duplicates. */
export class RecentSet {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Adds `key`; false when it was already there. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    return true;
  }
}
