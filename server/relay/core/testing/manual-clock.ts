import type { RelayClock, TimerHandle } from "../clock.ts";

interface Timer {
  readonly at: number;
  readonly callback: () => void;
}

/** A clock that only moves when told to; timers fire during `advance`. */
export class ManualClock implements RelayClock {
  private now: number;
  private readonly timers = new Set<Timer>();

  constructor(startMs = 1_700_000_000_000) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const t: Timer = { at: this.now + delayMs, callback };
    this.timers.add(t);
    return t;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as Timer);
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers) if (t.at <= target && (!next || t.at < next.at)) next = t;
      if (next === undefined) break;
      this.timers.delete(next);
      this.now = next.at;
      next.callback();
    }
    this.now = target;
  }
}
