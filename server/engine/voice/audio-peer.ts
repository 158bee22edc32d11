// What sits at either end of a call's PSTN leg, in the leg's own terms: 20 ms
// frames of 16-bit PCM at 8 kHz (the G.711 rate).

/** Leg sample rate (G.711), Hz. */
export const LEG_RATE = 8000;
/** Leg frame duration, ms. */
export const LEG_FRAME_MS = 20;
/** Samples in one leg frame. */
export const LEG_FRAME_SAMPLES = (LEG_RATE * LEG_FRAME_MS) / 1000;

/** One end of the PSTN leg: a simulated phone, or a built-in agent facing it. */
export interface AudioPeer {
  /** Takes the frame the peer hears at `nowMs`. */
  hear(pcm: Int16Array, nowMs: number): void;
  /** The frame the peer says at `nowMs` ({@link LEG_FRAME_SAMPLES} samples). */
  speak(nowMs: number): Int16Array;
}

/** Returns what it hears `delayMs` later (silence until then). */
export class EchoPeer implements AudioPeer {
  readonly #heard: { atMs: number; pcm: Int16Array }[] = [];

  constructor(readonly delayMs: number) {}

  hear(pcm: Int16Array, nowMs: number): void {
    this.#heard.push({ atMs: nowMs, pcm: pcm.slice() });
    // Never more than a second behind: a stalled clock must not grow the queue.
    if (this.#heard.length > 1000 / LEG_FRAME_MS + this.delayMs / LEG_FRAME_MS) this.#heard.shift();
  }

  speak(nowMs: number): Int16Array {
    const first = this.#heard[0];
    if (first !== undefined && first.atMs + this.delayMs <= nowMs) {
      this.#heard.shift();
      return first.pcm;
    }
    return new Int16Array(LEG_FRAME_SAMPLES);
  }
}

/** A tone switched on and off with a fixed cadence; ignores what it hears. */
export class TonePeer implements AudioPeer {
  #sample = 0;

  constructor(
    readonly frequencyHz: number,
    readonly onMs: number,
    readonly offMs: number,
    /** Peak amplitude as a fraction of full scale. */
    readonly amplitude = 0.3,
  ) {}

  hear(): void {}

  speak(): Int16Array {
    const out = new Int16Array(LEG_FRAME_SAMPLES);
    const period = ((this.onMs + this.offMs) * LEG_RATE) / 1000;
    const on = (this.onMs * LEG_RATE) / 1000;
    const w = (2 * Math.PI * this.frequencyHz) / LEG_RATE;
    for (let i = 0; i < out.length; i++, this.#sample++) {
      if (this.#sample % period < on) {
        out[i] = Math.round(this.amplitude * 32767 * Math.sin(w * this.#sample));
      }
    }
    return out;
  }
}

/** Plays `pcm` (8 kHz) over and over with `pauseMs` of silence between; ignores what it hears. */
export class PlaybackPeer implements AudioPeer {
  readonly #loop: Int16Array;
  #at = 0;

  constructor(pcm: Int16Array, pauseMs: number) {
    this.#loop = new Int16Array(pcm.length + (pauseMs * LEG_RATE) / 1000);
    this.#loop.set(pcm);
  }

  hear(): void {}

  speak(): Int16Array {
    const out = new Int16Array(LEG_FRAME_SAMPLES);
    for (let i = 0; i < out.length; i++) {
      out[i] = this.#loop[this.#at] ?? 0;
      this.#at = (this.#at + 1) % this.#loop.length;
    }
    return out;
  }
}
