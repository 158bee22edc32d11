// What the playout worklet does per render quantum, as plain code: wait until
// the ring holds the target reserve, play with linear interpolation at a rate
// bent slightly to hold the reserve's low point at the target (which absorbs
// clock drift between sender and audio device and converts the input rate to
// the context rate), fade out into silence on underrun and grow the target,
// shrink it again when stable, and drop a backlog far beyond the target.
import type { JitterPolicy } from "./jitter.ts";
import type { SampleRing } from "./ring.ts";

/** Playout counters (`OpusPlayer.stats()`). */
export interface PlayoutStats {
  /** Audio in the ring now, ms. */
  readonly bufferMs: number;
  /** Reserve the buffer aims to keep at its low point, ms. */
  readonly targetMs: number;
  /** Times the ring ran dry while playing. */
  readonly underruns: number;
  /** Silence played in place of missing audio, ms. */
  readonly concealedMs: number;
  /** Audio dropped because it arrived far behind the playout point (backlog, overflow), ms. */
  readonly droppedMs: number;
  /** Current playback-rate bend (1 = nominal). */
  readonly rate: number;
  /** Audio played, ms. */
  readonly playedMs: number;
}

/** Samples of the fade into silence on underrun. */
const FADE_OUT_SAMPLES = 32;

export class PlayoutEngine {
  #playing = false;
  #started = false;
  #fadeIn = false;
  #prev = 0;
  #pos = 0;
  #rate = 1;
  #targetMs: number;
  #underruns = 0;
  #concealed = 0;
  #dropped = 0;
  #played = 0;
  #sinceUnderrun = 0;
  #windowLeft = 0;
  #windowMin = Number.POSITIVE_INFINITY;
  #scratch = new Float32Array(0);
  #lastAvailable = 0;
  readonly #windowSamples: number;
  readonly #stableSamples: number;

  constructor(
    readonly outputRate: number,
    readonly inputRate: number,
    readonly policy: JitterPolicy,
  ) {
    this.#targetMs = policy.initialTargetMs;
    this.#windowSamples = Math.round((policy.windowMs * outputRate) / 1000);
    this.#stableSamples = Math.round((policy.stableMs * outputRate) / 1000);
    this.#windowLeft = this.#windowSamples;
  }

  /** Counts input samples lost before they reached the ring (it was full). */
  noteOverflow(samples: number): void {
    this.#dropped += samples;
  }

  /** Fills `out` (one render quantum) from `ring`. */
  render(ring: SampleRing, out: Float32Array): void {
    const n = out.length;
    const available = ring.available;
    this.#lastAvailable = available;
    if (!this.#playing) {
      out.fill(0);
      if (this.#started) this.#concealed += n;
      if (available >= Math.max(this.#inputSamples(this.#targetMs), 1)) {
        this.#playing = true;
        this.#started = true;
        this.#fadeIn = true;
        this.#prev = 0;
        this.#pos = 0;
      }
      return;
    }
    const ratio = (this.inputRate / this.outputRate) * this.#rate;
    const total = this.#pos + n * ratio;
    const need = Math.floor(total);
    if (available < need) {
      this.#underrun(ring, out, available);
      return;
    }
    if (this.#scratch.length < need) this.#scratch = new Float32Array(need * 2);
    const buf = this.#scratch;
    ring.read(buf, 0, need);
    const last = need - 1;
    for (let i = 0; i < n; i++) {
      const t = this.#pos + i * ratio;
      const idx = Math.floor(t);
      const a = idx === 0 ? this.#prev : (buf[Math.min(idx - 1, last)] as number);
      const b = buf[Math.min(idx, last)] as number;
      out[i] = a + (b - a) * (t - idx);
    }
    if (need > 0) this.#prev = buf[last] as number;
    this.#pos = total - need;
    if (this.#fadeIn) {
      for (let i = 0; i < n; i++) out[i] = (out[i] as number) * (i / n);
      this.#fadeIn = false;
    }
    this.#played += n;
    this.#sinceUnderrun += n;
    this.#track(ring, available - need, n);
  }

  /** A snapshot of the counters. */
  stats(): PlayoutStats {
    const inMs = 1000 / this.inputRate;
    const outMs = 1000 / this.outputRate;
    return {
      bufferMs: this.#lastAvailable * inMs,
      targetMs: this.#targetMs,
      underruns: this.#underruns,
      concealedMs: this.#concealed * outMs,
      droppedMs: this.#dropped * inMs,
      rate: this.#rate,
      playedMs: this.#played * outMs,
    };
  }

  #inputSamples(ms: number): number {
    return Math.round((ms * this.inputRate) / 1000);
  }

  /** Plays what is left, fades from the last sample to zero, then waits to rebuffer. */
  #underrun(ring: SampleRing, out: Float32Array, available: number): void {
    const n = out.length;
    const got = ring.read(out, 0, Math.min(available, n));
    const from = got > 0 ? (out[got - 1] as number) : this.#prev;
    const fade = Math.min(FADE_OUT_SAMPLES, n - got);
    for (let i = 0; i < fade; i++) out[got + i] = from * (1 - (i + 1) / fade);
    out.fill(0, got + fade);
    this.#played += got;
    this.#concealed += n - got;
    this.#underruns++;
    this.#playing = false;
    this.#sinceUnderrun = 0;
    this.#rate = 1;
    this.#targetMs = Math.min(this.policy.maxTargetMs, this.#targetMs + this.policy.growMs);
    this.#resetWindow();
  }

  /** Tracks the ring's low point per window and steers rate, target and backlog. */
  #track(ring: SampleRing, level: number, n: number): void {
    if (level < this.#windowMin) this.#windowMin = level;
    this.#windowLeft -= n;
    if (this.#windowLeft > 0) return;
    const p = this.policy;
    if (this.#sinceUnderrun >= this.#stableSamples) {
      this.#targetMs = Math.max(p.minTargetMs, this.#targetMs - p.shrinkMs);
      this.#sinceUnderrun = 0;
    }
    const lowMs = (this.#windowMin * 1000) / this.inputRate;
    const errorMs = lowMs - this.#targetMs;
    const deadbandMs = Math.max(2, this.#targetMs * 0.2);
    if (errorMs > p.maxExcessMs) {
      this.#dropped += ring.skip(this.#inputSamples(errorMs));
      this.#rate = 1;
    } else if (Math.abs(errorMs) <= deadbandMs) {
      this.#rate = 1;
    } else {
      // 1 % of bend per 5 ms of error, at most maxRateBend.
      const bend = Math.min(p.maxRateBend, Math.abs(errorMs) / 500);
      this.#rate = errorMs > 0 ? 1 + bend : 1 - bend;
    }
    this.#resetWindow();
  }

  #resetWindow(): void {
    this.#windowLeft = this.#windowSamples;
    this.#windowMin = Number.POSITIVE_INFINITY;
  }
}
