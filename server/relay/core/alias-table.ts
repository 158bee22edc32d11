import type { RelayClock } from "./clock.ts";

/**
 * Track Aliases a publisher session uses toward the relay. A data stream can
 * arrive before the control message that defines its alias (§"Track Alias":
 * SUBSCRIBE_OK / PUBLISH travel on another stream), so lookups may wait a while.
 */
export class AliasTable<T> {
  private readonly byAlias = new Map<number, T>();
  private readonly waiters = new Map<number, ((value: T | undefined) => void)[]>();

  constructor(private readonly clock: RelayClock) {}

  get(alias: number): T | undefined {
    return this.byAlias.get(alias);
  }

  set(alias: number, value: T): void {
    this.byAlias.set(alias, value);
    const waiting = this.waiters.get(alias);
    this.waiters.delete(alias);
    for (const w of waiting ?? []) w(value);
  }

  /** Forgets `alias` if it still names `value`. */
  delete(alias: number, value: T): void {
    if (this.byAlias.get(alias) === value) this.byAlias.delete(alias);
  }

  /** The value of `alias`, waiting up to `timeoutMs` for it; undefined if it never came. */
  wait(alias: number, timeoutMs: number): Promise<T | undefined> {
    const known = this.byAlias.get(alias);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const list = this.waiters.get(alias) ?? [];
      this.waiters.set(alias, list);
      const timer = this.clock.setTimeout(() => {
        const i = list.indexOf(done);
        if (i >= 0) list.splice(i, 1);
        resolve(undefined);
      }, timeoutMs);
      const done = (v: T | undefined) => {
        this.clock.clearTimeout(timer);
        resolve(v);
      };
      list.push(done);
    });
  }

  /** The session ended: every waiter gets undefined. */
  close(): void {
    for (const list of this.waiters.values()) for (const w of list) w(undefined);
    this.waiters.clear();
    this.byAlias.clear();
  }
}
