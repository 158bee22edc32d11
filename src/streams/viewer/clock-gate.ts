// When the WebCodecs backend's media clock may run: at the start, and again
// after it ran out of media. Pure: the backend measures, this decides.

/** What is in hand at the playhead. */
export interface ClockGateInput {
  /** Video buffered ahead of the playhead, ms. */
  readonly videoAheadMs: number;
  /** Decoded audio ahead of the playhead, ms; undefined when the clock does not wait for audio. */
  readonly audioAheadMs: number | undefined;
}

/**
 * Media the clock needs ahead to run: more than the decoded audio it waits
 * for (20 ms), and a video frame's decode (a 720p H.264 frame takes 4–7 ms in
 * software here, the decoder's output queue more on a busy page).
 */
export const CLOCK_AHEAD_MIN_MS = 40;

/** Whether CLOCK_AHEAD_MIN_MS of video, and of audio when awaited, is in hand. */
export function inHand(i: ClockGateInput): boolean {
  return (
    i.videoAheadMs >= CLOCK_AHEAD_MIN_MS &&
    (i.audioAheadMs === undefined || i.audioAheadMs >= CLOCK_AHEAD_MIN_MS)
  );
}

/**
 * The first start: "run" once the first frame is showing and media is in hand
 * (the decoders warm up meanwhile: a clock started earlier stops again at
 * once, a stall that is only the start); "run without audio" when only audio
 * is missing after `audioWaitMaxMs` (it is left out until it comes); else "wait".
 */
export function startAction(
  i: ClockGateInput & { readonly firstFrameShown: boolean; readonly sinceStartMs: number },
  audioWaitMaxMs: number,
): "wait" | "run" | "run without audio" {
  if (!i.firstFrameShown || i.videoAheadMs < CLOCK_AHEAD_MIN_MS) return "wait";
  if (inHand(i)) return "run";
  return i.sinceStartMs < audioWaitMaxMs ? "wait" : "run without audio";
}
