// What the broadcast audio worklet does, as plain code: decoded samples
// (interleaved) go into the softphone's SampleRing laid out on the media
// timeline — a gap is filled with silence, an overlap trimmed — and play out
// at the media clock: each render quantum plays the media time the clock says
// is due at that context time (the page anchors it, audio-output.ts). Audio
// that comes late is skipped, audio early waits in silence, and a small
// difference is taken up by resampling a little faster or slower, so the sound
// stays on the clock the picture follows. Resampled from the stream's rate to
// the context's, at the clock's playback rate.
import { SampleRing } from "../../voice/softphone/ring.ts";

/** Audio counters of the WebCodecs backend (`viewer.stats().audio`). */
export interface AudioClockStats {
  /** Decoded audio waiting in the ring, ms. */
  readonly bufferMs: number;
  /** Times the ring ran dry while the media clock ran. */
  readonly underruns: number;
  /** Silence played in place of missing audio while the media clock ran, ms. */
  readonly silenceMs: number;
  /** Audio dropped: late, over the ring's capacity, or flushed by a seek, ms. */
  readonly droppedMs: number;
  /** Audio played, ms. */
  readonly playedMs: number;
  /** Media time of the audio playing minus the media clock's, ms (positive: sound ahead of picture). */
  readonly clockErrorMs: number;
}

/** Where the media clock is: at context time `contextTime` (s) it is at `mediaUs`, moving at `rate`. */
export interface AudioClockAnchor {
  readonly running: boolean;
  readonly rate: number;
  readonly contextTime: number;
  readonly mediaUs: number;
}

/** Seconds of audio the ring holds (the backend decodes ~0.2 s ahead). */
const RING_SECONDS = 2;
/** A jump in the timeline longer than this restarts it rather than being filled with silence. */
const MAX_GAP_US = 500_000;
/** Off the clock by more than this, audio is skipped (late) or waits (early) instead of resampled. */
const RESYNC_US = 15_000;
/** Resampling corrects an offset at this share of the playback speed per second of offset… */
const CORRECTION_PER_S = 2;
/** …by at most this share (0.5 %: no audible change of pitch). */
const MAX_CORRECTION = 0.005;
/** Samples of the fade into silence on underrun. */
const FADE_OUT_SAMPLES = 32;

export class AudioClockEngine {
  #ring: SampleRing | undefined;
  #channels = 1;
  #inputRate = 48_000;
  /** Media time of the next frame to read, µs. */
  #headUs = 0;
  /** Media time just after the last frame written, µs. */
  #endUs = 0;
  /** Fraction of a frame already played past the head (resampling). */
  #pos = 0;
  #prev = new Float32Array(8);
  #scratch = new Float32Array(0);
  #clock: AudioClockAnchor = { running: false, rate: 1, contextTime: 0, mediaUs: 0 };
  #sounding = false;
  #errorUs = 0;
  #underruns = 0;
  #silenceFrames = 0;
  #droppedUs = 0;
  #playedFrames = 0;

  constructor(readonly outputRate: number) {}

  /** Whether the last quantum played audio (false: none due, or the clock stands still). */
  get playing(): boolean {
    return this.#sounding;
  }

  /** Media time of the sample at the head, µs. */
  get positionUs(): number {
    return this.#headUs + (this.#pos * 1e6) / this.#inputRate;
  }

  /** Where the media clock is (sent by the page on every change of it, and now and then). */
  setClock(anchor: AudioClockAnchor): void {
    this.#clock = anchor;
  }

  /** Drops everything queued (a seek): playback restarts with the next samples written. */
  flush(): void {
    const ring = this.#ring;
    if (ring !== undefined) {
      this.#droppedUs += this.#framesUs(ring.skip(ring.available) / this.#channels);
    }
    this.#pos = 0;
    this.#prev.fill(0);
  }

  /** Queues `samples` (`channels` interleaved, at `sampleRate`) whose first frame is at `tsUs`. */
  write(tsUs: number, sampleRate: number, channels: number, samples: Float32Array): void {
    if (this.#ring === undefined || sampleRate !== this.#inputRate || channels !== this.#channels) {
      this.#configure(sampleRate, channels);
    }
    const ring = this.#ring!;
    let data = samples;
    if (ring.available === 0 || Math.abs(tsUs - this.#endUs) > MAX_GAP_US) {
      this.flush();
      this.#headUs = tsUs;
      this.#endUs = tsUs;
    }
    const gapFrames = Math.round(((tsUs - this.#endUs) * sampleRate) / 1e6);
    if (gapFrames > 0) {
      this.#put(new Float32Array(gapFrames * channels));
    } else if (gapFrames < 0) {
      const overlap = Math.min(-gapFrames * channels, data.length);
      this.#droppedUs += this.#framesUs(overlap / channels);
      data = data.subarray(overlap);
    }
    this.#put(data);
  }

  /** Fills one render quantum starting at context time `nowS` (`out`: one array per output channel). */
  render(out: readonly Float32Array[], nowS: number): void {
    const n = out[0]?.length ?? 0;
    const ring = this.#ring;
    const c = this.#clock;
    if (!c.running || ring === undefined) {
      this.#silence(out, false);
      return;
    }
    const dueUs = c.mediaUs + (nowS - c.contextTime) * 1e6 * c.rate;
    let errorUs = this.positionUs - dueUs;
    if (errorUs < -RESYNC_US) {
      // Late: skip to the sample due now.
      const lateFrames = Math.round((-errorUs * this.#inputRate) / 1e6);
      const skipped = ring.skip(
        Math.min(lateFrames, ring.available / this.#channels) * this.#channels,
      );
      this.#droppedUs += this.#framesUs(skipped / this.#channels);
      this.#headUs += this.#framesUs(skipped / this.#channels);
      this.#pos = 0;
      errorUs = this.positionUs - dueUs;
    }
    this.#errorUs = errorUs;
    const frames = ring.available / this.#channels;
    if (frames === 0 || errorUs > RESYNC_US) {
      // Nothing due yet (early audio waits for its time) or nothing at all (an underrun).
      this.#silence(out, frames === 0);
      return;
    }
    const correction = Math.max(
      -MAX_CORRECTION,
      Math.min(MAX_CORRECTION, (-errorUs / 1e6) * CORRECTION_PER_S),
    );
    const ratio = (this.#inputRate / this.outputRate) * c.rate * (1 + correction);
    const total = this.#pos + n * ratio;
    const need = Math.floor(total);
    if (frames < need) {
      this.#underrun(ring, out, frames);
      return;
    }
    this.#sounding = true;
    const ch = this.#channels;
    if (this.#scratch.length < need * ch) this.#scratch = new Float32Array(need * ch * 2);
    const buf = this.#scratch;
    ring.read(buf, 0, need * ch);
    for (let k = 0; k < out.length; k++) {
      const o = out[k]!;
      const src = Math.min(k, ch - 1);
      const prev = this.#prev[src]!;
      for (let i = 0; i < n; i++) {
        const t = this.#pos + i * ratio;
        const idx = Math.floor(t);
        const a = idx === 0 ? prev : buf[Math.min(idx - 1, need - 1) * ch + src]!;
        const b = buf[Math.min(idx, need - 1) * ch + src]!;
        o[i] = a + (b - a) * (t - idx);
      }
    }
    if (need > 0) for (let k = 0; k < ch; k++) this.#prev[k] = buf[(need - 1) * ch + k]!;
    this.#pos = total - need;
    this.#headUs += this.#framesUs(need);
    this.#playedFrames += n;
  }

  stats(): AudioClockStats {
    const outMs = 1000 / this.outputRate;
    const frames = (this.#ring?.available ?? 0) / this.#channels;
    return {
      bufferMs: this.#framesUs(frames) / 1000,
      underruns: this.#underruns,
      silenceMs: this.#silenceFrames * outMs,
      droppedMs: this.#droppedUs / 1000,
      playedMs: this.#playedFrames * outMs,
      clockErrorMs: this.#errorUs / 1000,
    };
  }

  #configure(sampleRate: number, channels: number): void {
    if (!(sampleRate > 0) || !(channels >= 1 && channels <= 8)) {
      throw new RangeError(`unplayable audio: ${channels} channels at ${sampleRate} Hz`);
    }
    this.flush();
    this.#inputRate = sampleRate;
    this.#channels = channels;
    this.#ring = SampleRing.allocate(sampleRate * RING_SECONDS * channels, false);
  }

  /** Appends whole frames; what does not fit is counted as dropped. */
  #put(data: Float32Array): void {
    const written = this.#ring!.write(data);
    this.#endUs += this.#framesUs(written / this.#channels);
    if (written < data.length) {
      const lostFrames = (data.length - written) / this.#channels;
      this.#droppedUs += this.#framesUs(lostFrames);
      this.#endUs += this.#framesUs(lostFrames);
    }
  }

  /** A quantum of silence; `missing`: audio was due and is not there (counted once it has played). */
  #silence(out: readonly Float32Array[], missing: boolean): void {
    for (const o of out) o.fill(0);
    if (!missing) {
      this.#sounding = false;
      return;
    }
    if (this.#sounding) this.#underruns++;
    this.#sounding = false;
    if (this.#playedFrames > 0) this.#silenceFrames += out[0]?.length ?? 0;
  }

  /** Plays what is left and fades to zero; later audio plays at its time on the clock. */
  #underrun(ring: SampleRing, out: readonly Float32Array[], frames: number): void {
    const ch = this.#channels;
    const n = out[0]!.length;
    const got = Math.min(Math.floor(frames), n);
    if (this.#scratch.length < got * ch) this.#scratch = new Float32Array(got * ch * 2);
    ring.read(this.#scratch, 0, got * ch);
    for (let k = 0; k < out.length; k++) {
      const o = out[k]!;
      const src = Math.min(k, ch - 1);
      for (let i = 0; i < got; i++) o[i] = this.#scratch[i * ch + src]!;
      const from = got > 0 ? o[got - 1]! : this.#prev[src]!;
      const fade = Math.min(FADE_OUT_SAMPLES, n - got);
      for (let i = 0; i < fade; i++) o[got + i] = from * (1 - (i + 1) / fade);
      o.fill(0, got + fade);
    }
    this.#prev.fill(0);
    this.#headUs += this.#framesUs(got);
    this.#pos = 0;
    this.#playedFrames += got;
    this.#silenceFrames += n - got;
    if (this.#sounding) this.#underruns++;
    this.#sounding = false;
  }

  #framesUs(frames: number): number {
    return (frames * 1e6) / this.#inputRate;
  }
}
