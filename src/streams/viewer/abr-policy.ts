// Chooses a video rendition from measured throughput and buffer health. Pure;
// the viewer feeds it a sample every tick and switches (at a Group boundary)
// when the answer changes.

/** A rendition as the policy sees it. */
export interface AbrRendition {
  readonly name: string;
  /** Declared bitrate (bits per second). */
  readonly bitrate: number;
}

/** One observation. */
export interface AbrSample {
  readonly nowMs: number;
  /** Received media bits per second over the last window. */
  readonly throughputBps: number;
  /** How late fragments arrive after their capture end, ms (grows when the path is too slow). */
  readonly deliveryDelayMs: number;
  readonly bufferAheadMs: number;
  /** The playhead is waiting for data. */
  readonly stalled: boolean;
}

export interface AbrOptions {
  /** Time without trouble before trying a higher rendition; default 10 000 ms. */
  readonly upAfterMs?: number;
  /** Delivery delay that means the path cannot keep up; default 1500 ms. */
  readonly maxDeliveryDelayMs?: number;
  /**
   * Buffer ahead below which throughput short of the rendition's bitrate steps
   * down; default 500 ms (live). VOD, which fetches far ahead, uses 10 000 ms so
   * it steps down while the buffer still covers the switch.
   */
  readonly lowBufferMs?: number;
}

export class AbrPolicy {
  private lastTroubleMs: number | undefined;
  private readonly upAfterMs: number;
  private readonly maxDelayMs: number;
  private readonly lowBufferMs: number;

  constructor(o: AbrOptions = {}) {
    this.upAfterMs = o.upAfterMs ?? 10_000;
    this.maxDelayMs = o.maxDeliveryDelayMs ?? 1500;
    this.lowBufferMs = o.lowBufferMs ?? 500;
  }

  /**
   * The rendition to play. `renditions` is ordered highest first; `current` is
   * the index playing now.
   */
  choose(renditions: readonly AbrRendition[], current: number, s: AbrSample): number {
    this.lastTroubleMs ??= s.nowMs;
    const cur = renditions[current];
    if (cur === undefined) return renditions.length - 1;
    const slow = s.throughputBps > 0 && s.throughputBps < cur.bitrate * 0.7;
    if (
      s.stalled ||
      s.deliveryDelayMs > this.maxDelayMs ||
      (slow && s.bufferAheadMs < this.lowBufferMs)
    ) {
      this.lastTroubleMs = s.nowMs;
      return Math.min(current + 1, renditions.length - 1);
    }
    if (current > 0 && s.nowMs - this.lastTroubleMs >= this.upAfterMs) {
      this.lastTroubleMs = s.nowMs;
      return current - 1;
    }
    return current;
  }
}
