// Keeps playback near the live edge: a small playbackRate catch-up while the
// latency is a little above target, a seek on a large excursion, and a slower
// rate when the buffer is about to run dry. Neither the catch-up nor a jump
// ever takes the buffer below what the backend needs ahead of the playhead to
// keep playing (`minAheadMs`): latency above the target that only that floor
// holds is kept, not chased into a stall. Pure: it only computes the action.

/** What the controller sees, every tick. */
export interface LatencyInput {
  /** Glass-to-glass latency now (wall clock minus the capture time of the frame shown), ms. */
  readonly latencyMs: number;
  /** Media buffered ahead of the playhead without a gap, ms. */
  readonly bufferAheadMs: number;
  /** Media from the playhead to the live edge (the end of the last buffered range), ms. */
  readonly edgeAheadMs: number;
  readonly targetLatencyMs: number;
  /** Media the backend needs buffered ahead of the playhead to keep playing, ms. */
  readonly minAheadMs: number;
}

/** What to do: a playback rate, and a forward jump in ms when the excursion is large. */
export interface LatencyAction {
  readonly playbackRate: number;
  readonly seekAheadMs: number;
}

export const MAX_CATCH_UP_RATE = 1.1;
export const MIN_RATE = 0.95;
/** Excursions above this (or above the target, when larger) are jumped over, not caught up. */
const JUMP_MS = 500;
/** Slow down a little below this much buffer ahead (or a quarter of the target, when less). */
const LOW_BUFFER_MS = 80;
/** Keep this much buffer ahead after a jump (or half the target, when less). */
const SAFETY_MS = 60;
/** No correction within this much of the target (or 10% of it, when more). */
const DEAD_BAND_MS = 20;
/** Catch-up gain: +1% of speed per this many ms over the target. */
const MS_PER_PERCENT = 20;

export function latencyAction(i: LatencyInput): LatencyAction {
  const target = i.targetLatencyMs;
  const excessMs = i.latencyMs - target;
  // A large excursion: jump, as far as the buffer allows.
  if (excessMs > Math.max(JUMP_MS, target)) {
    const safetyMs = Math.max(i.minAheadMs, Math.min(SAFETY_MS, target / 2));
    return {
      playbackRate: 1,
      seekAheadMs: Math.max(0, Math.min(excessMs, i.edgeAheadMs - safetyMs)),
    };
  }
  if (i.bufferAheadMs < Math.max(i.minAheadMs, Math.min(LOW_BUFFER_MS, target / 4))) {
    return { playbackRate: MIN_RATE, seekAheadMs: 0 };
  }
  // Proportional catch-up in whole percents (so small wobbles change nothing), capped,
  // of no more latency than the buffer holds above the floor.
  const catchUpMs = Math.min(excessMs, i.bufferAheadMs - i.minAheadMs);
  if (catchUpMs > Math.max(DEAD_BAND_MS, target * 0.1)) {
    const percent = Math.ceil(catchUpMs / MS_PER_PERCENT);
    return { playbackRate: Math.min(MAX_CATCH_UP_RATE, 1 + percent / 100), seekAheadMs: 0 };
  }
  return { playbackRate: 1, seekAheadMs: 0 };
}
