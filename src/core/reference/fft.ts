/** Plain TypeScript port of wasm/src/fft.c: real FFT via a half-length complex FFT. */
export class RealFftTs {
  readonly n: number;
  readonly #half: number;
  readonly #rev: Int32Array;
  readonly #twRe: Float32Array;
  readonly #twIm: Float32Array;
  readonly #postRe: Float32Array;
  readonly #postIm: Float32Array;
  readonly #zr: Float32Array;
  readonly #zi: Float32Array;

  constructor(n: number) {
    const half = n / 2;
    this.n = n;
    this.#half = half;
    this.#rev = new Int32Array(half);
    const bits = Math.log2(half);
    for (let i = 0; i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.#rev[i] = r;
    }
    this.#twRe = Float32Array.from({ length: half / 2 + 1 }, (_, k) =>
      Math.cos((-2 * Math.PI * k) / half),
    );
    this.#twIm = Float32Array.from({ length: half / 2 + 1 }, (_, k) =>
      Math.sin((-2 * Math.PI * k) / half),
    );
    this.#postRe = Float32Array.from({ length: half + 1 }, (_, k) =>
      Math.cos((-2 * Math.PI * k) / n),
    );
    this.#postIm = Float32Array.from({ length: half + 1 }, (_, k) =>
      Math.sin((-2 * Math.PI * k) / n),
    );
    this.#zr = new Float32Array(half);
    this.#zi = new Float32Array(half);
  }

  #complex(re: Float32Array, im: Float32Array, sign: number): void {
    const m = this.#half;
    const twRe = this.#twRe;
    const twIm = this.#twIm;
    for (let len = 2; len <= m; len <<= 1) {
      const h = len >> 1;
      const stride = m / len;
      for (let j = 0; j < h; j++) {
        const wr = twRe[j * stride] as number;
        const wi = sign < 0 ? (twIm[j * stride] as number) : -(twIm[j * stride] as number);
        for (let s = j; s < m; s += len) {
          const t = s + h;
          const tr = re[t] as number;
          const ti = im[t] as number;
          const xr = tr * wr - ti * wi;
          const xi = tr * wi + ti * wr;
          const sr = re[s] as number;
          const si = im[s] as number;
          re[t] = sr - xr;
          im[t] = si - xi;
          re[s] = sr + xr;
          im[s] = si + xi;
        }
      }
    }
  }

  /** Unscaled forward transform into n/2 + 1 bins. */
  forward(x: Float32Array, re: Float32Array, im: Float32Array): void {
    const m = this.#half;
    const zr = this.#zr;
    const zi = this.#zi;
    for (let t = 0; t < m; t++) {
      const r = this.#rev[t] as number;
      zr[r] = x[2 * t] as number;
      zi[r] = x[2 * t + 1] as number;
    }
    this.#complex(zr, zi, -1);
    re[0] = (zr[0] as number) + (zi[0] as number);
    im[0] = 0;
    re[m] = (zr[0] as number) - (zi[0] as number);
    im[m] = 0;
    for (let k = 1; k < m; k++) {
      const ar = zr[k] as number;
      const ai = zi[k] as number;
      const br = zr[m - k] as number;
      const bi = -(zi[m - k] as number);
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const orr = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const wr = this.#postRe[k] as number;
      const wi = this.#postIm[k] as number;
      re[k] = er + orr * wr - oi * wi;
      im[k] = ei + orr * wi + oi * wr;
    }
  }

  /** Inverse transform scaled by 1/n. */
  inverse(re: Float32Array, im: Float32Array, x: Float32Array): void {
    const m = this.#half;
    const zr = this.#zr;
    const zi = this.#zi;
    for (let k = 0; k < m; k++) {
      const ar = re[k] as number;
      const ai = im[k] as number;
      const br = re[m - k] as number;
      const bi = -(im[m - k] as number);
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const dr = 0.5 * (ar - br);
      const di = 0.5 * (ai - bi);
      const wr = this.#postRe[k] as number;
      const wi = -(this.#postIm[k] as number);
      const orr = dr * wr - di * wi;
      const oi = dr * wi + di * wr;
      const r = this.#rev[k] as number;
      zr[r] = er - oi;
      zi[r] = ei + orr;
    }
    this.#complex(zr, zi, 1);
    const scale = 1 / m;
    for (let t = 0; t < m; t++) {
      x[2 * t] = (zr[t] as number) * scale;
      x[2 * t + 1] = (zi[t] as number) * scale;
    }
  }
}
