// Finds which of a set of tones plays when, in recorded audio: Goertzel power
// per 10 ms window, the strongest tone wins when it clearly dominates; runs of
// the same tone merge into segments.

/** A stretch of one detected tone. */
export interface ToneSegment {
  /** Index into the tone list. */
  readonly tone: number;
  readonly startMs: number;
  readonly endMs: number;
}

function goertzel(x: Float32Array, from: number, n: number, hz: number, rate: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s = (x[from + i] as number) + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / (n * n);
}

/** Tone segments of at least `minMs` in `x` (mono at `rate`). */
export function detectTones(
  x: Float32Array,
  rate: number,
  tonesHz: readonly number[],
  minMs = 60,
): ToneSegment[] {
  const win = Math.round(rate / 100);
  const labels: number[] = [];
  for (let at = 0; at + win <= x.length; at += win) {
    const powers = tonesHz.map((hz) => goertzel(x, at, win, hz, rate));
    let best = 0;
    for (let i = 1; i < powers.length; i++)
      if ((powers[i] as number) > (powers[best] as number)) best = i;
    const top = powers[best] as number;
    const rest = powers.reduce((a, p, i) => (i === best ? a : Math.max(a, p)), 0);
    labels.push(top > 1e-4 && top > 8 * rest ? best : -1);
  }
  const segments: ToneSegment[] = [];
  let start = 0;
  for (let i = 1; i <= labels.length; i++) {
    if (i < labels.length && labels[i] === labels[start]) continue;
    const tone = labels[start] as number;
    if (tone >= 0 && (i - start) * 10 >= minMs) {
      const last = segments[segments.length - 1];
      // A short dropout inside one tone is the same tone.
      if (last !== undefined && last.tone === tone && start * 10 - last.endMs < 60) {
        segments[segments.length - 1] = { ...last, endMs: i * 10 };
      } else {
        segments.push({ tone, startMs: start * 10, endMs: i * 10 });
      }
    }
    start = i;
  }
  return segments;
}
