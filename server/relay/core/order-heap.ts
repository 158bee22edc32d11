/** One heap entry: the value, its key when pushed, and its arrival (ties go first-in first-out). */
export interface HeapEntry<T> {
  readonly value: T;
  readonly key: number;
  readonly seq: number;
}

/** A binary max-heap on `key`; among equal keys the earliest pushed comes first. */
export class OrderHeap<T> {
  private readonly items: HeapEntry<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  /** The entry that `pop` would return. */
  peek(): HeapEntry<T> | undefined {
    return this.items[0];
  }

  push(value: T, key: number): void {
    const items = this.items;
    items.push({ value, key, seq: this.seq++ });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): HeapEntry<T> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && this.before(l, m)) m = l;
      if (r < items.length && this.before(r, m)) m = r;
      if (m === i) return top;
      this.swap(i, m);
      i = m;
    }
  }

  /** Empties the heap and returns the values in the order they were pushed. */
  drain(): T[] {
    return this.items
      .splice(0)
      .sort((a, b) => a.seq - b.seq)
      .map((e) => e.value);
  }

  private before(a: number, b: number): boolean {
    const x = this.items[a]!;
    const y = this.items[b]!;
    return x.key > y.key || (x.key === y.key && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const t = items[a]!;
    items[a] = items[b]!;
    items[b] = t;
  }
}
