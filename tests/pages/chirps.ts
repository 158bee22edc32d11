// Mouth-to-ear latency from recorded taps: chirp onsets by matched filter
// (cross-correlation with the chirp template) in the local capture, then the
// same chirp's arrival in each other tap within the following window.

/** Cross-correlation of `x[from..to)` with `template`, as |value| per start sample. */
function correlate(
  x: Float32Array,
  template: Float32Array,
  from: number,
  to: number,
): Float32Array {
  const n = template.length;
  const end = Math.min(to, x.length - n);
  const out = new Float32Array(Math.max(0, end - from));
  for (let i = from; i < end; i++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += (x[i + k] as number) * (template[k] as number);
    out[i - from] = Math.abs(sum);
  }
  return out;
}

function argmax(x: Float32Array): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if ((x[i] as number) > (x[best] as number)) best = i;
  return best;
}

/** Chirp onsets (sample index) in `x`: correlation peaks above half the strongest, ≥ `gap` apart. */
export function chirpOnsets(x: Float32Array, template: Float32Array, gap: number): number[] {
  const c = correlate(x, template, 0, x.length);
  const threshold = 0.5 * (c[argmax(c)] ?? 0);
  const onsets: number[] = [];
  for (let i = 0; i < c.length; ) {
    if ((c[i] as number) < threshold) {
      i++;
      continue;
    }
    const window = c.subarray(i, Math.min(c.length, i + gap / 4));
    const peak = i + argmax(window);
    onsets.push(peak);
    i = peak + gap;
  }
  return onsets;
}

/** Per-chirp latency of one tap against the local onsets. */
export interface ChirpMatch {
  /** Latency of each found chirp, ms. */
  readonly latenciesMs: number[];
  /** Local chirps with no match in the tap. */
  readonly lost: number;
}

/**
 * For each local onset, the strongest correlation in `y` within
 * [onset, onset + windowSamples); a peak weaker than `minRatio` of the typical
 * local peak counts as lost.
 */
export function matchChirps(
  local: Float32Array,
  y: Float32Array,
  onsets: readonly number[],
  template: Float32Array,
  windowSamples: number,
  rate: number,
  minRatio = 0.2,
): ChirpMatch {
  const localPeaks = onsets.map((t) => correlate(local, template, t, t + 1)[0] ?? 0);
  const typical = [...localPeaks].sort((a, b) => a - b)[Math.floor(localPeaks.length / 2)] ?? 0;
  const latenciesMs: number[] = [];
  let lost = 0;
  for (const t of onsets) {
    if (t + windowSamples + template.length > y.length) break;
    const c = correlate(y, template, t, t + windowSamples);
    const at = argmax(c);
    if ((c[at] ?? 0) < minRatio * typical) lost++;
    else latenciesMs.push((at * 1000) / rate);
  }
  return { latenciesMs, lost };
}
