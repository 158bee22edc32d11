import { RealFftTs } from "./fft.ts";

/**
 * Plain TypeScript port of wasm/src/aec.c (same partitioned-block
 * frequency-domain adaptive filter): the benchmark's baseline.
 */

const STEP = 0.8;
const REGULARISATION = 1e-9;
const NOISE_MARGIN = 3000;
const NOISE_RISE = 1.002;
const DIVERGENCE_FLOOR = 1e-6;

/** Echo canceller in plain TypeScript; output lags input by one block. */
export class EchoCancellerTs {
  readonly block: number;
  readonly parts: number;
  readonly #bins: number;
  readonly #fft: RealFftTs;
  readonly #farTime: Float32Array;
  readonly #xr: Float32Array;
  readonly #xi: Float32Array;
  readonly #wr: Float32Array;
  readonly #wi: Float32Array;
  readonly #power: Float32Array;
  readonly #yr: Float32Array;
  readonly #yi: Float32Array;
  readonly #er: Float32Array;
  readonly #ei: Float32Array;
  readonly #tmp: Float32Array;
  readonly #farIn: Float32Array;
  readonly #nearIn: Float32Array;
  readonly #outBlock: Float32Array;
  #fill = 0;
  #head = 0;
  #constrain = 0;
  #noise = REGULARISATION;

  constructor(rate: number, filterMs = 128) {
    const n = rate <= 16000 ? 64 : 128;
    this.block = n;
    this.#bins = n + 1;
    this.parts = Math.ceil(Math.ceil((filterMs * rate) / 1000) / n);
    const spectra = this.parts * this.#bins;
    this.#fft = new RealFftTs(2 * n);
    this.#farTime = new Float32Array(2 * n);
    this.#xr = new Float32Array(spectra);
    this.#xi = new Float32Array(spectra);
    this.#wr = new Float32Array(spectra);
    this.#wi = new Float32Array(spectra);
    this.#power = new Float32Array(this.#bins);
    this.#yr = new Float32Array(this.#bins);
    this.#yi = new Float32Array(this.#bins);
    this.#er = new Float32Array(this.#bins);
    this.#ei = new Float32Array(this.#bins);
    this.#tmp = new Float32Array(2 * n);
    this.#farIn = new Float32Array(n);
    this.#nearIn = new Float32Array(n);
    this.#outBlock = new Float32Array(n);
  }

  /** Processes n samples of far and near into out. */
  process(far: Float32Array, near: Float32Array, out: Float32Array, n = near.length): void {
    let i = 0;
    while (i < n) {
      const take = Math.min(this.block - this.#fill, n - i);
      this.#farIn.set(far.subarray(i, i + take), this.#fill);
      this.#nearIn.set(near.subarray(i, i + take), this.#fill);
      out.set(this.#outBlock.subarray(this.#fill, this.#fill + take), i);
      this.#fill += take;
      i += take;
      if (this.#fill === this.block) {
        this.#processBlock();
        this.#fill = 0;
      }
    }
  }

  #processBlock(): void {
    const n = this.block;
    const bins = this.#bins;
    const parts = this.parts;
    this.#farTime.copyWithin(0, n, 2 * n);
    this.#farTime.set(this.#farIn, n);
    this.#head = (this.#head + parts - 1) % parts;
    const headAt = this.#head * bins;
    this.#fft.forward(
      this.#farTime,
      this.#xr.subarray(headAt, headAt + bins),
      this.#xi.subarray(headAt, headAt + bins),
    );
    // Echo estimate and regressor power.
    const { yr, yi, power } = { yr: this.#yr, yi: this.#yi, power: this.#power };
    yr.fill(0);
    yi.fill(0);
    power.fill(0);
    const xr = this.#xr;
    const xi = this.#xi;
    const wr = this.#wr;
    const wi = this.#wi;
    for (let p = 0; p < parts; p++) {
      const xo = ((this.#head + p) % parts) * bins;
      const wo = p * bins;
      for (let k = 0; k < bins; k++) {
        const a = xr[xo + k] as number;
        const b = xi[xo + k] as number;
        const c = wr[wo + k] as number;
        const d = wi[wo + k] as number;
        yr[k] = (yr[k] as number) + c * a - d * b;
        yi[k] = (yi[k] as number) + c * b + d * a;
        power[k] = (power[k] as number) + a * a + b * b;
      }
    }
    const tmp = this.#tmp;
    this.#fft.inverse(yr, yi, tmp);
    let nearEnergy = 0;
    let outEnergy = 0;
    for (let i = 0; i < n; i++) {
      const d = this.#nearIn[i] as number;
      const err = d - (tmp[n + i] as number);
      nearEnergy += d * d;
      outEnergy += err * err;
      tmp[i] = 0;
      tmp[n + i] = err;
      this.#outBlock[i] = err;
    }
    if (outEnergy > 4 * nearEnergy + DIVERGENCE_FLOOR * n) {
      this.#outBlock.set(this.#nearIn);
      outEnergy = nearEnergy;
    }
    const er = this.#er;
    const ei = this.#ei;
    this.#fft.forward(tmp, er, ei);
    const blockPower = outEnergy / n;
    this.#noise = Math.max(
      REGULARISATION,
      blockPower < this.#noise ? blockPower : this.#noise * NOISE_RISE,
    );
    const floor = NOISE_MARGIN * this.#noise * 2 * n * parts;
    for (let k = 0; k < bins; k++) {
      const mu = STEP / ((power[k] as number) + floor);
      er[k] = (er[k] as number) * mu;
      ei[k] = (ei[k] as number) * mu;
    }
    for (let p = 0; p < parts; p++) {
      const xo = ((this.#head + p) % parts) * bins;
      const wo = p * bins;
      for (let k = 0; k < bins; k++) {
        const a = xr[xo + k] as number;
        const b = xi[xo + k] as number;
        const c = er[k] as number;
        const d = ei[k] as number;
        wr[wo + k] = (wr[wo + k] as number) + a * c + b * d;
        wi[wo + k] = (wi[wo + k] as number) + a * d - b * c;
      }
    }
    const co = this.#constrain * bins;
    const cwr = wr.subarray(co, co + bins);
    const cwi = wi.subarray(co, co + bins);
    this.#fft.inverse(cwr, cwi, tmp);
    tmp.fill(0, n);
    this.#fft.forward(tmp, cwr, cwi);
    this.#constrain = (this.#constrain + 1) % parts;
  }
}
