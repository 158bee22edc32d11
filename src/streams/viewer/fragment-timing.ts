// Media time of a received fragment, to map the playhead to wall-clock capture time.
import { readFragment } from "../cmaf/read.ts";

/** Start and duration (ms) of a CMAF fragment in a track of `timescale` ticks per second. */
export function fragmentTiming(
  bytes: Uint8Array,
  timescale: number,
): { startMs: number; durationMs: number } {
  const { samples } = readFragment(bytes);
  const first = samples[0];
  if (first === undefined) return { startMs: 0, durationMs: 0 };
  const ticks = samples.reduce((n, s) => n + s.duration, 0);
  return { startMs: (first.decodeTime * 1000) / timescale, durationMs: (ticks * 1000) / timescale };
}
