// What a listener hears from an audio subscription: the frames go into the
// SDK's playout ring and jitter buffer (the plain-code engine of `OpusPlayer`'s
// worklet), rendered in 128-sample quanta by an audio clock that follows the
// (test's) clock. A gap is a run of silence the engine played because its ring
// ran dry after playout started (an underrun), not a pause between arrivals.
import { type JitterOptions, jitterPolicy } from "../../voice/softphone/jitter.ts";
import { PlayoutEngine, type PlayoutStats } from "../../voice/softphone/playout-engine.ts";
import { SampleRing } from "../../voice/softphone/ring.ts";

const OUTPUT_RATE = 48_000;
const QUANTUM = 128;
const QUANTUM_MS = (QUANTUM * 1000) / OUTPUT_RATE;

/** A subscriber's playout of mono 16-bit PCM frames. */
export class AudioPlayout {
  /** Lengths of the silences heard after playout started, ms. */
  readonly gapsMs: number[] = [];
  readonly #ring: SampleRing;
  readonly #engine: PlayoutEngine;
  readonly #out = new Float32Array(QUANTUM);
  readonly #now: () => number;
  #renderedMs: number | undefined;
  #gapMs = 0;
  #stopped = false;

  /** `now` is the clock the audio device follows, ms. */
  constructor(
    readonly inputRate: number,
    jitter: JitterOptions = {},
    now: () => number = () => performance.now(),
  ) {
    this.#ring = SampleRing.allocate(inputRate * 2, false);
    this.#engine = new PlayoutEngine(OUTPUT_RATE, inputRate, jitterPolicy(jitter));
    this.#now = now;
  }

  /** One frame arrived: the device plays up to now, then the frame joins the ring. */
  push(pcmS16: Uint8Array): void {
    this.advance();
    const view = new DataView(pcmS16.buffer, pcmS16.byteOffset, pcmS16.byteLength);
    const samples = new Float32Array(pcmS16.byteLength >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(2 * i, true) / 32_768;
    this.#ring.write(samples);
  }

  /** Renders every quantum the device has played by now. */
  advance(): void {
    if (this.#stopped) return;
    const nowMs = this.#now();
    this.#renderedMs ??= nowMs;
    while (this.#renderedMs + QUANTUM_MS <= nowMs) {
      const concealed = this.#engine.stats().concealedMs;
      this.#engine.render(this.#ring, this.#out);
      this.#renderedMs += QUANTUM_MS;
      const silentMs = this.#engine.stats().concealedMs - concealed;
      if (silentMs > 0) this.#gapMs += silentMs;
      else this.#endGap();
    }
  }

  /**
   * Plays up to now and stops listening: what follows is the stream's end (the
   * last frames drain the buffer), not a gap.
   */
  stop(): void {
    this.advance();
    this.#stopped = true;
  }

  /** The longest silence heard so far, ms (one still going counts). */
  get longestGapMs(): number {
    return Math.max(0, this.#gapMs, ...this.gapsMs);
  }

  /** The engine's counters: buffer level, target, underruns, concealed and dropped audio. */
  stats(): PlayoutStats {
    return this.#engine.stats();
  }

  #endGap(): void {
    if (this.#gapMs > 0) this.gapsMs.push(this.#gapMs);
    this.#gapMs = 0;
  }
}
