// Is what a bridge received the expected recording? Frames are laid on a
// timeline by their timestamps (a lost frame leaves silence, not a shift),
// then the loudest stretch is matched against the looping reference by
// normalized cross-correlation at every lag.

/** Samples of pcm16 frames placed at their capture times (8 kHz). */
export function timeline(frames: readonly { tsUs: number; pcm: Int16Array }[]): Float32Array {
  const rate = 8000;
  const first = frames[0]?.tsUs ?? 0;
  const last = frames.at(-1);
  const length =
    last === undefined ? 0 : Math.round(((last.tsUs - first) * rate) / 1e6) + last.pcm.length;
  const out = new Float32Array(length);
  for (const f of frames) out.set(f.pcm, Math.round(((f.tsUs - first) * rate) / 1e6));
  return out;
}

/** The `length`-sample stretch of `x` with the most energy. */
export function loudest(x: Float32Array, length: number): Float32Array {
  let best = 0;
  let bestEnergy = -1;
  for (let at = 0; at + length <= x.length; at += length / 4) {
    let e = 0;
    for (let i = at; i < at + length; i++) e += (x[i] ?? 0) ** 2;
    if (e > bestEnergy) [best, bestEnergy] = [at, e];
  }
  return x.subarray(best, best + length);
}

/**
 * The best normalized correlation (-1..1) of `window` with `loop` played over
 * and over (the simulator's playback), over every lag of the loop.
 */
export function bestCorrelation(window: Float32Array, loop: Int16Array): number {
  const n = window.length;
  // The loop unrolled once more than a window, so every lag reads one straight run.
  const y = new Float32Array(loop.length + n);
  for (let i = 0; i < y.length; i++) y[i] = loop[i % loop.length] ?? 0;
  let w2 = 0;
  for (const v of window) w2 += v * v;
  let y2 = 0;
  for (let i = 0; i < n; i++) y2 += (y[i] ?? 0) ** 2;
  let best = -1;
  for (let lag = 0; lag < loop.length; lag++) {
    let xy = 0;
    for (let i = 0; i < n; i++) xy += (window[i] ?? 0) * (y[lag + i] ?? 0);
    if (y2 > 0 && w2 > 0) best = Math.max(best, xy / Math.sqrt(w2 * y2));
    y2 += (y[lag + n] ?? 0) ** 2 - (y[lag] ?? 0) ** 2; // slide the energy by one sample
  }
  return best;
}

/** `pcm` followed by `pauseMs` of silence: one period of a looping playback at 8 kHz. */
export function withPause(pcm: Int16Array, pauseMs: number): Int16Array {
  const out = new Int16Array(pcm.length + (pauseMs * 8000) / 1000);
  out.set(pcm);
  return out;
}
