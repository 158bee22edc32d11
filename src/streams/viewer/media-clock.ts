// The WebCodecs backend's playhead: media time that advances with the page clock
// at a playback rate while running, and stands still while waiting for media.

export class MediaClock {
  private baseMs = 0;
  private baseAtMs = 0;
  private running = false;
  private speed = 1;

  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  /** The playhead, ms of media time. */
  get ms(): number {
    return this.running ? this.baseMs + (this.nowMs() - this.baseAtMs) * this.speed : this.baseMs;
  }

  get rate(): number {
    return this.speed;
  }

  get isRunning(): boolean {
    return this.running;
  }

  set(ms: number): void {
    this.baseMs = ms;
    this.baseAtMs = this.nowMs();
  }

  setRate(rate: number): void {
    this.set(this.ms);
    this.speed = rate;
  }

  run(on: boolean): void {
    if (on === this.running) return;
    this.set(this.ms);
    this.running = on;
  }
}
