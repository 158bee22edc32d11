// The WebCodecs backend's playhead and its one master clock: media time that
// advances with the page clock at a playback rate while running, and stands
// still while waiting for media. Video is drawn when its timestamp is due on
// it, and the audio output plays the sample due on it (audio-output.ts), so
// sound and picture cannot drift apart; an audio underrun or a suspended
// AudioContext never moves it.

/** What changed the clock: a jump of the playhead, the playback rate, or running/stopped. */
export type MediaClockChange = "seek" | "rate" | "run";

export class MediaClock {
  private baseMs = 0;
  private baseAtMs = 0;
  private running = false;
  private speed = 1;
  private observer: ((change: MediaClockChange) => void) | undefined;

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

  /** Calls `observer` after each seek, rate change and start/stop. */
  observe(observer: ((change: MediaClockChange) => void) | undefined): void {
    this.observer = observer;
  }

  /** Moves the playhead (a seek). */
  set(ms: number): void {
    this.rebase(ms);
    this.observer?.("seek");
  }

  setRate(rate: number): void {
    this.rebase(this.ms);
    this.speed = rate;
    this.observer?.("rate");
  }

  run(on: boolean): void {
    if (on === this.running) return;
    this.rebase(this.ms);
    this.running = on;
    this.observer?.("run");
  }

  private rebase(ms: number): void {
    this.baseMs = ms;
    this.baseAtMs = this.nowMs();
  }
}
