/**
 * Plain TypeScript port of wasm/src/resampler.c (same Kaiser-windowed
 * polyphase design and streaming logic): the benchmark's baseline.
 */

const ATTENUATION_DB = 70;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** Streaming polyphase resampler in plain TypeScript. */
export class ResamplerTs {
  readonly up: number;
  readonly down: number;
  readonly taps: number;
  readonly #coef: Float32Array;
  readonly #history: Float32Array;
  #phase = 0;
  #next = 0;

  constructor(inputRate: number, outputRate: number) {
    const g = gcd(inputRate, outputRate);
    this.up = outputRate / g;
    this.down = inputRate / g;
    const designRate = inputRate * this.up;
    const nyquist = Math.min(inputRate, outputRate) / 2;
    const pass = 0.9 * nyquist;
    const beta = 0.1102 * (ATTENUATION_DB - 8.7);
    const order =
      (1.05 * (ATTENUATION_DB - 7.95)) / ((2.285 * 2 * Math.PI * (nyquist - pass)) / designRate);
    const k = (Math.ceil((order + 1) / this.up) + 3) & ~3;
    this.taps = k;
    const len = k * this.up;
    this.#coef = new Float32Array(len);
    this.#history = new Float32Array(2 * k);
    const fc = (0.5 * (pass + nyquist)) / designRate;
    const centre = 0.5 * (len - 1);
    const i0b = besselI0(beta);
    for (let i = 0; i < len; i++) {
      const t = i - centre;
      const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
      const u = (2 * i) / (len - 1) - 1;
      const w = besselI0(beta * Math.sqrt(Math.max(0, 1 - u * u))) / i0b;
      const p = i % this.up;
      const j = Math.floor(i / this.up);
      this.#coef[p * k + (k - 1 - j)] = sinc * w * this.up;
    }
  }

  /** Resamples n inputs into out; returns the number of outputs. */
  process(input: Float32Array, n: number, out: Float32Array): number {
    const k = this.taps;
    const keep = k - 1;
    const scratch = this.#history;
    const coef = this.#coef;
    const head = Math.min(n, keep);
    scratch.set(input.subarray(0, head), keep);
    let q = this.#next;
    let p = this.#phase;
    let produced = 0;
    while (q < n) {
      const start = q - keep;
      const base = p * k;
      let acc = 0;
      if (start >= 0) {
        for (let i = 0; i < k; i++)
          acc += (input[start + i] as number) * (coef[base + i] as number);
      } else {
        const from = keep + start;
        for (let i = 0; i < k; i++)
          acc += (scratch[from + i] as number) * (coef[base + i] as number);
      }
      out[produced++] = acc;
      p += this.down;
      q += Math.floor(p / this.up);
      p %= this.up;
    }
    this.#phase = p;
    this.#next = q - n;
    if (n >= keep) scratch.set(input.subarray(n - keep, n));
    else scratch.copyWithin(0, n, n + keep);
    return produced;
  }
}
