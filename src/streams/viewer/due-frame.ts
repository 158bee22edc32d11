// Which decoded frame a display refresh draws (the WebCodecs video pipeline).
// Pure: the pipeline holds the frames, this decides.

/** A frame's timestamp is rounded to whole µs: one at the playhead may be this much after it, ms. */
const TS_SLACK_MS = 0.001;

/**
 * How many of the decoded frames (oldest first; `timestamp` in µs) a refresh at
 * playhead `tMs` takes: the last one taken is drawn, those before it are
 * dropped (a newer frame was due). Before the first frame was shown, the
 * oldest is taken at once, due or not: a late joiner sees its Group's
 * keyframe while the frames up to the playhead still decode (and the playhead
 * waits for that first frame to run).
 */
export function framesDue(
  frames: readonly { readonly timestamp: number }[],
  tMs: number,
  firstShown: boolean,
): number {
  let n = firstShown ? 0 : Math.min(1, frames.length);
  while (n < frames.length && frames[n]!.timestamp / 1000 <= tMs + TS_SLACK_MS) n++;
  return n;
}
