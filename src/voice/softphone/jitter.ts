// The playout jitter policy in numbers: how much audio the ring keeps in
// reserve at its low point (the target), how the target moves, and how far
// the playback rate may bend to hold it.
import { invalidArgument } from "./errors.ts";

/** Jitter-buffer options of `OpusPlayer`. */
export interface JitterOptions {
  /** Reserve the buffer starts with, ms; default 10. */
  readonly initialTargetMs?: number;
  /** Lowest reserve the target shrinks to when playout is stable, ms; default 10. */
  readonly minTargetMs?: number;
  /** Highest reserve the target grows to after underruns, ms; default 200. */
  readonly maxTargetMs?: number;
}

/** {@link JitterOptions} with every default filled in. */
export interface JitterPolicy {
  readonly initialTargetMs: number;
  readonly minTargetMs: number;
  readonly maxTargetMs: number;
  /** Target growth per underrun, ms. */
  readonly growMs: number;
  /** Target shrink per stable period, ms. */
  readonly shrinkMs: number;
  /** Underrun-free time after which the target shrinks, ms. */
  readonly stableMs: number;
  /** Window over which the buffer's low point is measured, ms. */
  readonly windowMs: number;
  /** Largest playback-rate bend (0.02 = ±2 %). */
  readonly maxRateBend: number;
  /** Reserve above the target beyond which the excess is dropped at once, ms. */
  readonly maxExcessMs: number;
}

function checkMs(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 2_000) {
    throw invalidArgument(`${what} must be a number of ms in 0..2000, got ${String(value)}`);
  }
  return value;
}

/** Checks `o` and fills in the defaults; throws INVALID_ARGUMENT naming the bad field. */
export function jitterPolicy(o: JitterOptions = {}): JitterPolicy {
  const minTargetMs = checkMs(o.minTargetMs ?? 10, "jitter.minTargetMs");
  const maxTargetMs = checkMs(o.maxTargetMs ?? 200, "jitter.maxTargetMs");
  if (maxTargetMs < minTargetMs) {
    throw invalidArgument(
      `jitter.maxTargetMs (${maxTargetMs}) must be ≥ jitter.minTargetMs (${minTargetMs})`,
    );
  }
  const initial = checkMs(o.initialTargetMs ?? minTargetMs, "jitter.initialTargetMs");
  if (initial < minTargetMs || initial > maxTargetMs) {
    throw invalidArgument(
      `jitter.initialTargetMs (${initial}) must lie in minTargetMs..maxTargetMs (${minTargetMs}..${maxTargetMs})`,
    );
  }
  return {
    initialTargetMs: initial,
    minTargetMs,
    maxTargetMs,
    growMs: 10,
    shrinkMs: 2,
    stableMs: 2_000,
    windowMs: 200,
    maxRateBend: 0.02,
    maxExcessMs: 60,
  };
}
