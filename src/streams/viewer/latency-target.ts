// The latency the viewer holds when the app sets none, derived from how media
// arrives: an Object captured from `captureMs` on that arrives at `arrivalMs`
// lets the playhead reach `captureMs` no earlier than `arrivalMs - captureMs`
// behind real time — one delivery interval (a frame for one-frame chunks, a
// whole fragment for a packager that sends seconds at once) plus encode and
// transport. The target is a high percentile of that delay over the last few
// seconds plus a jitter margin, and moves only on a real change (no churn).

/** Extra latency kept above the measured delay, for jitter the window did not see. */
export const JITTER_MARGIN_MS = 40;
/** Delays remembered, ms of arrival time. */
const WINDOW_MS = 4000;
/** Never fewer delays than this, even when Objects come seconds apart. */
const MIN_SAMPLES = 4;
/** The target moves only when the measure differs by more than this share of it… */
const HYSTERESIS = 0.15;
/** …and by more than this many ms. */
const HYSTERESIS_MS = 20;
const PERCENTILE = 0.95;
/**
 * A stall adds to the target what the path lacked — how long playback waited —
 * at least this much… (a path that just ran dry needs more in hand)
 */
export const STALL_STEP_MIN_MS = 40;
/** …and at most this much per stall… */
export const STALL_STEP_MS = 150;
/** …up to this much in all… */
const STALL_EXTRA_MAX_MS = 1000;
/** …and gives up to one step back after each this long without a stall. */
const STALL_DECAY_MS = 30_000;

export class LatencyTarget {
  private readonly delays: { atMs: number; delayMs: number }[] = [];
  private current: number | undefined;
  private stallExtraMs = 0;
  private lastStallMs = 0;

  constructor(private readonly marginMs = JITTER_MARGIN_MS) {}

  /** An Object whose first sample was captured at `captureMs` (wall clock) arrived at `arrivalMs`. */
  observe(arrivalMs: number, captureMs: number): void {
    this.delays.push({ atMs: arrivalMs, delayMs: Math.max(0, arrivalMs - captureMs) });
    while (this.delays.length > MIN_SAMPLES && this.delays[0]!.atMs < arrivalMs - WINDOW_MS) {
      this.delays.shift();
    }
    if (this.stallExtraMs > 0 && arrivalMs - this.lastStallMs > STALL_DECAY_MS) {
      this.stallExtraMs = Math.max(0, this.stallExtraMs - STALL_STEP_MS);
      this.lastStallMs = arrivalMs;
    }
    const measured = this.measure();
    const c = this.current;
    if (c === undefined || Math.abs(measured - c) > Math.max(HYSTERESIS_MS, c * HYSTERESIS)) {
      this.current = measured;
    }
  }

  private measure(): number {
    const sorted = this.delays.map((d) => d.delayMs).sort((a, b) => a - b);
    const at = Math.min(sorted.length - 1, Math.floor(PERCENTILE * sorted.length));
    return Math.round(sorted[at]! + this.marginMs);
  }

  /**
   * Playback ran dry and waited `stalledMs` until `atMs` (wall clock): hold that
   * much more latency from now on (within STALL_STEP_MIN_MS..STALL_STEP_MS).
   */
  stalled(atMs: number, stalledMs: number): void {
    const stepMs = Math.min(STALL_STEP_MS, Math.max(STALL_STEP_MIN_MS, Math.round(stalledMs)));
    this.stallExtraMs = Math.min(STALL_EXTRA_MAX_MS, this.stallExtraMs + stepMs);
    this.lastStallMs = atMs;
  }

  /** The target glass-to-glass latency, ms; undefined before the first Object. */
  get targetMs(): number | undefined {
    return this.current === undefined ? undefined : this.current + this.stallExtraMs;
  }

  /** Forgets the measures (a new publisher, a new pipeline). */
  reset(): void {
    this.delays.length = 0;
    this.current = undefined;
    this.stallExtraMs = 0;
  }
}
