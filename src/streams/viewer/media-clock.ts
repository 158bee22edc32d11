// The WebCodecs backend's playhead and its one master clock: media time that
// advances with the page clock at a playback rate while running, and stands
// still while waiting for media. Video is drawn when its timestamp is due on
// it, and the audio output plays the sample due on it (audio-output.ts), so
// sound and picture cannot drift apart; an audio underrun or a suspended
// AudioContext never moves it.

/** What changed the clock: a jump of the playhead, the playback rate, or running/stopped. */
export type MediaClockChange = "seek" | "rate" | "run";

/** Everything that defines the clock: a copy loaded with it (`load`) runs in step. */
export interface MediaClockState {
  /** The playhead at `baseAtMs`, ms of media time. */
  readonly baseMs: number;
  /** Page time of the last change, in the clock's `nowMs` time base. */
  readonly baseAtMs: number;
  readonly rate: number;
  readonly running: boolean;
}

export class MediaClock {
  private baseMs = 0;
  private baseAtMs = 0;
  private running = false;
  private speed = 1;
  private readonly observers = new Set<(change: MediaClockChange) => void>();

  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  /** The playhead, ms of media time. */
  get ms(): number {
    return this.msAt(this.nowMs());
  }

  /** The playhead at page time `atMs` (same time base as `nowMs`), assuming no change until then. */
  msAt(atMs: number): number {
    return this.running ? this.baseMs + (atMs - this.baseAtMs) * this.speed : this.baseMs;
  }

  get rate(): number {
    return this.speed;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Calls `observer` after each seek, rate change and start/stop; returns what stops that. */
  observe(observer: (change: MediaClockChange) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  state(): MediaClockState {
    return {
      baseMs: this.baseMs,
      baseAtMs: this.baseAtMs,
      rate: this.speed,
      running: this.running,
    };
  }

  /** Takes over `state` (its `baseAtMs` in this clock's time base). */
  load(state: MediaClockState): void {
    this.baseMs = state.baseMs;
    this.baseAtMs = state.baseAtMs;
    this.speed = state.rate;
    this.running = state.running;
  }

  /** Moves the playhead (a seek). */
  set(ms: number): void {
    this.rebase(ms);
    this.notify("seek");
  }

  setRate(rate: number): void {
    this.rebase(this.ms);
    this.speed = rate;
    this.notify("rate");
  }

  run(on: boolean): void {
    if (on === this.running) return;
    this.rebase(this.ms);
    this.running = on;
    this.notify("run");
  }

  private notify(change: MediaClockChange): void {
    for (const o of this.observers) o(change);
  }

  private rebase(ms: number): void {
    this.baseMs = ms;
    this.baseAtMs = this.nowMs();
  }
}
