// One 20 ms clock for every call's media. Ticks are counted against the wall
// clock, so a late timer catches up rather than drifting; after a stall of
// more than 200 ms the missed ticks are skipped (that audio is too late anyway).
import { LEG_FRAME_MS } from "../audio-peer.ts";

const MAX_CATCH_UP_MS = 200;

export class Ticker {
  readonly #subscribers = new Set<(nowMs: number) => void>();
  #nextMs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly nowMs: () => number = () => Date.now()) {}

  /** Calls `onTick` every 20 ms until the returned function is called. */
  add(onTick: (nowMs: number) => void): () => void {
    this.#subscribers.add(onTick);
    if (this.#timer === undefined) {
      this.#nextMs = this.nowMs();
      this.#schedule();
    }
    return () => {
      this.#subscribers.delete(onTick);
      if (this.#subscribers.size === 0 && this.#timer !== undefined) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  #schedule(): void {
    this.#timer = setTimeout(() => this.#run(), Math.max(0, this.#nextMs - this.nowMs()));
  }

  #run(): void {
    const now = this.nowMs();
    if (now - this.#nextMs > MAX_CATCH_UP_MS) this.#nextMs = now;
    while (this.#nextMs <= now) {
      for (const onTick of [...this.#subscribers]) onTick(this.#nextMs);
      this.#nextMs += LEG_FRAME_MS;
    }
    if (this.#subscribers.size > 0) this.#schedule();
    else this.#timer = undefined;
  }
}
