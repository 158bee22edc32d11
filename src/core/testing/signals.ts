/**
 * Deterministic synthetic signals for the core's tests and benchmarks:
 * seeded noise, sines, a speech-like signal and a room impulse response.
 */

/** A seeded uniform generator in [0, 1) (mulberry32-style integer hash). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform generator (Box-Muller). */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `amplitude * sin(2 pi f t + phase)` sampled at `rate`. */
export function sine(
  frequency: number,
  rate: number,
  samples: number,
  amplitude = 1,
  phase = 0,
): Float32Array {
  const out = new Float32Array(samples);
  const w = (2 * Math.PI * frequency) / rate;
  for (let i = 0; i < samples; i++) out[i] = amplitude * Math.sin(w * i + phase);
  return out;
}

/**
 * Speech-like signal: noise through two resonances (formants near 500 Hz and
 * 1500 Hz) plus a 120 Hz glottal pulse train, gated into syllables of
 * 150-350 ms with pauses of 50-250 ms, scaled so active parts have
 * `levelDbfs` RMS.
 */
export function speechLike(
  rate: number,
  samples: number,
  levelDbfs: number,
  seed = 1,
): Float32Array {
  const random = seededRandom(seed);
  const noise = gaussian(random);
  const out = new Float32Array(samples);
  const resonator = (f: number, bw: number) => {
    const r = Math.exp((-Math.PI * bw) / rate);
    return { a1: 2 * r * Math.cos((2 * Math.PI * f) / rate), a2: -r * r, y1: 0, y2: 0 };
  };
  const f1 = resonator(500, 120);
  const f2 = resonator(1500, 200);
  const pitch = Math.round(rate / 120);
  let gateLeft = 0;
  let on = false;
  let envelope = 0;
  for (let i = 0; i < samples; i++) {
    if (gateLeft <= 0) {
      on = !on;
      gateLeft = Math.round(((on ? 150 + 200 * random() : 50 + 200 * random()) * rate) / 1000);
    }
    gateLeft--;
    envelope += ((on ? 1 : 0) - envelope) * (1 - Math.exp(-1000 / (15 * rate)));
    const excitation = 0.3 * noise() + (i % pitch === 0 ? 4 : 0);
    let y = excitation + f1.a1 * f1.y1 + f1.a2 * f1.y2;
    f1.y2 = f1.y1;
    f1.y1 = y;
    y = 0.05 * y + f2.a1 * f2.y1 + f2.a2 * f2.y2;
    f2.y2 = f2.y1;
    f2.y1 = y;
    out[i] = y * envelope;
  }
  // Scale so the active (gated-on) part has the requested RMS.
  let energy = 0;
  let active = 0;
  for (const v of out) {
    if (Math.abs(v) > 0) {
      energy += v * v;
      active++;
    }
  }
  const rms = Math.sqrt(energy / Math.max(1, active));
  const scale = 10 ** (levelDbfs / 20) / (rms || 1);
  for (let i = 0; i < samples; i++) out[i] = (out[i] ?? 0) * scale;
  return out;
}

/**
 * Room impulse response: a direct path after `delayMs`, then exponentially
 * decaying noise reaching -60 dB after `rt60Ms`, normalised to unit energy
 * times `gain`.
 */
export function roomImpulseResponse(
  rate: number,
  lengthMs: number,
  delayMs: number,
  rt60Ms: number,
  gain = 0.5,
  seed = 7,
): Float32Array {
  const random = gaussian(seededRandom(seed));
  const n = Math.round((lengthMs * rate) / 1000);
  const delay = Math.round((delayMs * rate) / 1000);
  const h = new Float32Array(n);
  h[delay] = 1;
  const decay = Math.log(1000) / ((rt60Ms * rate) / 1000);
  for (let i = delay + 1; i < n; i++) h[i] = 0.3 * random() * Math.exp(-decay * (i - delay));
  let energy = 0;
  for (const v of h) energy += v * v;
  const scale = gain / Math.sqrt(energy);
  for (let i = 0; i < n; i++) h[i] = (h[i] ?? 0) * scale;
  return h;
}

/** Linear convolution y = x * h, truncated to x's length. */
export function convolve(x: Float32Array, h: Float32Array): Float32Array {
  const y = new Float32Array(x.length);
  for (let k = 0; k < h.length; k++) {
    const c = h[k] ?? 0;
    if (c === 0) continue;
    for (let i = k; i < x.length; i++) y[i] = (y[i] ?? 0) + c * (x[i - k] ?? 0);
  }
  return y;
}

/** Mean square of x[from..to). */
export function meanSquare(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (x[i] ?? 0) ** 2;
  return s / Math.max(1, to - from);
}

/** 10 log10 of a power ratio. */
export function db(power: number): number {
  return 10 * Math.log10(Math.max(power, 1e-30));
}

/**
 * Least-squares fit of a sinusoid of known frequency to x[from..to): returns its
 * amplitude and the RMS of what is left after removing it.
 */
export function fitSine(
  x: Float32Array,
  frequency: number,
  rate: number,
  from: number,
  to: number,
): { amplitude: number; residualRms: number } {
  const w = (2 * Math.PI * frequency) / rate;
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let xs = 0;
  let xc = 0;
  for (let i = from; i < to; i++) {
    const s = Math.sin(w * i);
    const c = Math.cos(w * i);
    const v = x[i] ?? 0;
    ss += s * s;
    cc += c * c;
    sc += s * c;
    xs += v * Math.sin(w * i);
    xc += v * c;
  }
  const det = ss * cc - sc * sc;
  const a = det === 0 ? 0 : (xs * cc - xc * sc) / det;
  const b = det === 0 ? 0 : (xc * ss - xs * sc) / det;
  let residual = 0;
  for (let i = from; i < to; i++) {
    const r = (x[i] ?? 0) - a * Math.sin(w * i) - b * Math.cos(w * i);
    residual += r * r;
  }
  return { amplitude: Math.hypot(a, b), residualRms: Math.sqrt(residual / Math.max(1, to - from)) };
}
