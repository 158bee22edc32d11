/**
 * A FIFO with a fixed capacity for writes made while no session is up. Realtime
 * kinds drop their oldest item when full (fresh media beats stale media).
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  /** Items dropped since creation because the queue was full. */
  dropped = 0;

  constructor(readonly capacity: number) {}

  /** Items waiting. */
  get length(): number {
    return this.items.length;
  }

  /** Appends `item`, dropping the oldest one when full. */
  push(item: T): void {
    this.items.push(item);
    while (this.items.length > this.capacity) {
      this.items.shift();
      this.dropped++;
    }
  }

  /** Removes and returns everything, oldest first. */
  drain(): T[] {
    const out = this.items;
    this.items = [];
    return out;
  }

  /** Drops everything. */
  clear(): void {
    this.items = [];
  }
}
