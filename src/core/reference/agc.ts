/**
 * Plain TypeScript port of wasm/src/agc.c (same level estimator, gain rule and
 * limiter): the benchmark's baseline.
 */

const SUB_BLOCKS = 10;
const VAD_MARGIN_DB = 9;
const VAD_MIN_DBFS = -65;
const CONFIDENCE_FRAMES = 100;
const NOISE_RISE_DB = 0.02;
const RELEASE_DB_PER_MS = 0.05;
const GAIN_DOWN_SPEEDUP = 2;

const dbToLin = (db: number) => 10 ** (db / 20);
const powerToDb = (p: number) => 10 * Math.log10(Math.max(p, 1e-12));

/** AGC in plain TypeScript, processing in place. */
export class AgcTs {
  readonly #rate: number;
  readonly #frameLen: number;
  readonly #subLen: number;
  readonly #target: number;
  readonly #maxGain: number;
  readonly #slew: number;
  readonly #maxNoise: number;
  readonly #ceiling: number;
  #framePos = 0;
  #frameEnergy = 0;
  #noiseDbfs = 0;
  #speechPower = 0;
  #speechFrames = 0;
  #gainDb = 0;
  #gainFrom = 1;
  #gainTo = 1;
  #limGain = 1;

  constructor(
    rate: number,
    targetDbfs = -18,
    maxGainDb = 30,
    slewDbPerS = 6,
    maxNoiseDbfs = -50,
    limiterDbfs = -1,
  ) {
    this.#rate = rate;
    this.#frameLen = rate / 100;
    this.#subLen = Math.floor(this.#frameLen / SUB_BLOCKS);
    this.#target = targetDbfs;
    this.#maxGain = maxGainDb;
    this.#slew = slewDbPerS / 100;
    this.#maxNoise = maxNoiseDbfs;
    this.#ceiling = Math.fround(dbToLin(limiterDbfs) * (1 - 1e-6));
  }

  /** Current digital gain in dB. */
  get gainDb(): number {
    return this.#gainDb;
  }

  #endFrame(): void {
    const power = this.#frameEnergy / this.#frameLen;
    const level = powerToDb(power);
    this.#frameEnergy = 0;
    if (level < this.#noiseDbfs) this.#noiseDbfs = level;
    else this.#noiseDbfs += NOISE_RISE_DB;
    if (level > this.#noiseDbfs + VAD_MARGIN_DB && level > VAD_MIN_DBFS) {
      const n = this.#speechFrames < CONFIDENCE_FRAMES ? ++this.#speechFrames : CONFIDENCE_FRAMES;
      this.#speechPower += (power - this.#speechPower) / n;
    }
    let desired = this.#gainDb;
    if (this.#speechFrames > 0) desired = this.#target - powerToDb(this.#speechPower);
    desired = Math.min(desired, this.#maxNoise - this.#noiseDbfs, this.#maxGain);
    desired = Math.max(desired, -this.#maxGain);
    const step = Math.max(
      -this.#slew * GAIN_DOWN_SPEEDUP,
      Math.min(this.#slew, desired - this.#gainDb),
    );
    this.#gainDb += step;
    this.#gainFrom = this.#gainTo;
    this.#gainTo = dbToLin(this.#gainDb);
  }

  #limitFor(peak: number): number {
    return peak > this.#ceiling ? this.#ceiling / peak : 1;
  }

  #peak(x: Float32Array, at: number, n: number, pos: number): number {
    const slope = (this.#gainTo - this.#gainFrom) / this.#frameLen;
    const g0 = this.#gainFrom + slope * pos;
    let peak = 0;
    for (let i = 0; i < n; i++)
      peak = Math.max(peak, Math.abs((x[at + i] as number) * (g0 + slope * i)));
    return peak;
  }

  #pieceLen(pos: number, left: number): number {
    const sub = Math.floor(pos / this.#subLen);
    const end = sub >= SUB_BLOCKS - 1 ? this.#frameLen : (sub + 1) * this.#subLen;
    return Math.min(end - pos, left);
  }

  /** Processes x[0..n) in place. */
  process(x: Float32Array, n = x.length): void {
    let i = 0;
    while (i < n) {
      const len = this.#pieceLen(this.#framePos, n - i);
      let nextLimit = 1;
      const nextPos = this.#framePos + len;
      if (i + len < n && nextPos < this.#frameLen) {
        const nextLen = this.#pieceLen(nextPos, n - i - len);
        nextLimit = this.#limitFor(this.#peak(x, i + len, nextLen, nextPos));
      }
      this.#piece(x, i, len, nextLimit);
      i += len;
    }
  }

  #piece(x: Float32Array, at: number, n: number, nextLimit: number): void {
    const slope = (this.#gainTo - this.#gainFrom) / this.#frameLen;
    const g0 = this.#gainFrom + slope * this.#framePos;
    let peak = 0;
    let energy = 0;
    for (let i = 0; i < n; i++) {
      const v = x[at + i] as number;
      energy += v * v;
      peak = Math.max(peak, Math.abs(v * (g0 + slope * i)));
    }
    this.#frameEnergy += energy;
    const here = this.#limitFor(peak);
    const start = Math.min(this.#limGain, here);
    const release = dbToLin((RELEASE_DB_PER_MS * 1000 * n) / this.#rate);
    const end = Math.min(start * release, 1, here, nextLimit);
    const lstep = (end - start) / n;
    const c = this.#ceiling;
    for (let i = 0; i < n; i++) {
      const y = (x[at + i] as number) * (g0 + slope * i) * (start + lstep * i);
      x[at + i] = Math.min(c, Math.max(-c, y));
    }
    this.#limGain = end;
    this.#framePos += n;
    if (this.#framePos === this.#frameLen) {
      this.#framePos = 0;
      this.#endFrame();
    }
  }
}
