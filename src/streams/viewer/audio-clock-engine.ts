// What the broadcast audio worklet does, as plain code: decoded samples
// (interleaved) go into the softphone's SampleRing laid out on the media
// timeline — a gap is filled with silence, an overlap trimmed — and play out
// at the media clock's rate, resampled from the stream's rate to the
// context's. The ring's read head is the media clock that video follows.
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
}

/** Seconds of audio the ring holds (the backend decodes ~0.2 s ahead). */
const RING_SECONDS = 2;
/** A jump in the timeline longer than this restarts it rather than being filled with silence. */
const MAX_GAP_US = 500_000;
/** Audio the ring holds before it starts (again): absorbs arrival jitter, ms. */
const PRIME_MS = 40;
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
  #playing = false;
  #running = false;
  #rate = 1;
  #underruns = 0;
  #silenceFrames = 0;
  #droppedUs = 0;
  #playedFrames = 0;

  constructor(readonly outputRate: number) {}

  /** Whether the ring's head is playing (false: waiting for audio, or the clock is stopped). */
  get playing(): boolean {
    return this.#playing && this.#running;
  }

  /** Media time of the sample at the head, µs. */
  get positionUs(): number {
    return this.#headUs + (this.#pos * 1e6) / this.#inputRate;
  }

  /** The media clock runs (true) or stands still (false), at `rate`. */
  setClock(running: boolean, rate: number): void {
    this.#running = running;
    this.#rate = rate;
  }

  /** Drops everything queued (a seek): playback restarts with the next samples written. */
  flush(): void {
    const ring = this.#ring;
    if (ring !== undefined) {
      this.#droppedUs += this.#framesUs(ring.skip(ring.available) / this.#channels);
    }
    this.#playing = false;
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
    if (ring.available === 0 && !this.#playing) {
      this.#headUs = tsUs;
      this.#endUs = tsUs;
    }
    const gapFrames = Math.round(((tsUs - this.#endUs) * sampleRate) / 1e6);
    if (Math.abs(tsUs - this.#endUs) > MAX_GAP_US) {
      this.flush();
      this.#headUs = tsUs;
      this.#endUs = tsUs;
    } else if (gapFrames > 0) {
      this.#put(new Float32Array(gapFrames * channels));
    } else if (gapFrames < 0) {
      const overlap = Math.min(-gapFrames * channels, data.length);
      this.#droppedUs += this.#framesUs(overlap / channels);
      data = data.subarray(overlap);
    }
    this.#put(data);
  }

  /** Fills one render quantum (`out`: one array per output channel, equal lengths). */
  render(out: readonly Float32Array[]): void {
    const n = out[0]?.length ?? 0;
    const ring = this.#ring;
    if (!this.#running || ring === undefined) {
      for (const o of out) o.fill(0);
      return;
    }
    const ch = this.#channels;
    const ratio = (this.#inputRate / this.outputRate) * this.#rate;
    const total = this.#pos + n * ratio;
    const need = Math.floor(total);
    const frames = ring.available / ch;
    const primed = frames >= Math.max(need + 1, (PRIME_MS * this.#inputRate) / 1000);
    if (!this.#playing && primed) this.#playing = true;
    if (!this.#playing) {
      for (const o of out) o.fill(0);
      if (this.#playedFrames > 0) this.#silenceFrames += n;
      return;
    }
    if (frames < need) {
      this.#underrun(ring, out, frames);
      return;
    }
    if (this.#scratch.length < need * ch) this.#scratch = new Float32Array(need * ch * 2);
    const buf = this.#scratch;
    ring.read(buf, 0, need * ch);
    for (let c = 0; c < out.length; c++) {
      const o = out[c]!;
      const src = Math.min(c, ch - 1);
      const prev = this.#prev[src]!;
      for (let i = 0; i < n; i++) {
        const t = this.#pos + i * ratio;
        const idx = Math.floor(t);
        const a = idx === 0 ? prev : buf[Math.min(idx - 1, need - 1) * ch + src]!;
        const b = buf[Math.min(idx, need - 1) * ch + src]!;
        o[i] = a + (b - a) * (t - idx);
      }
    }
    if (need > 0) for (let c = 0; c < ch; c++) this.#prev[c] = buf[(need - 1) * ch + c]!;
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

  /** Plays what is left, fades to zero, and waits for audio; the head stays where audio ran out. */
  #underrun(ring: SampleRing, out: readonly Float32Array[], frames: number): void {
    const ch = this.#channels;
    const n = out[0]!.length;
    const got = Math.min(Math.floor(frames), n);
    if (this.#scratch.length < got * ch) this.#scratch = new Float32Array(got * ch * 2);
    ring.read(this.#scratch, 0, got * ch);
    for (let c = 0; c < out.length; c++) {
      const o = out[c]!;
      const src = Math.min(c, ch - 1);
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
    this.#underruns++;
    this.#playing = false;
  }

  #framesUs(frames: number): number {
    return (frames * 1e6) / this.#inputRate;
  }
}
