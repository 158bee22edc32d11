// Keeps playback near the live edge: a small playbackRate catch-up while the
// latency is a little above target, a seek on a large excursion, and a slower
// rate when the buffer is about to run dry. Pure: it only computes the action.

/** What the controller sees, every tick. */
export interface LatencyInput {
  /** Glass-to-glass latency now (wall clock minus the capture time of the frame shown), ms. */
  readonly latencyMs: number;
  /** Media buffered ahead of the playhead without a gap, ms. */
  readonly bufferAheadMs: number;
  /** Media from the playhead to the live edge (the end of the last buffered range), ms. */
  readonly edgeAheadMs: number;
  readonly targetLatencyMs: number;
}

/** What to do: a playback rate, and a forward jump in ms when the excursion is large. */
export interface LatencyAction {
  readonly playbackRate: number;
  readonly seekAheadMs: number;
}

export const MAX_CATCH_UP_RATE = 1.1;
export const MIN_RATE = 0.95;
/** Below this much buffer ahead, slow down a little instead of stalling. */
const LOW_BUFFER_MS = 80;
/** Keep this much buffer ahead after a jump. */
const SAFETY_MS = 60;

export function latencyAction(i: LatencyInput): LatencyAction {
  const excessMs = i.latencyMs - i.targetLatencyMs;
  // A large excursion: jump, as far as the buffer allows.
  if (excessMs > Math.max(1000, i.targetLatencyMs)) {
    return {
      playbackRate: 1,
      seekAheadMs: Math.max(0, Math.min(excessMs, i.edgeAheadMs - SAFETY_MS)),
    };
  }
  if (i.bufferAheadMs < LOW_BUFFER_MS) return { playbackRate: MIN_RATE, seekAheadMs: 0 };
  // Proportional catch-up: +1% per 100 ms over target (with a 10% dead band), capped.
  if (excessMs > i.targetLatencyMs * 0.1) {
    return { playbackRate: Math.min(MAX_CATCH_UP_RATE, 1 + excessMs / 10_000), seekAheadMs: 0 };
  }
  return { playbackRate: 1, seekAheadMs: 0 };
}
