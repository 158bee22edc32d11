// The WebCodecs backend's playhead: media time that advances with the page clock
// at a playback rate while running, and stands still while waiting for media.
// While a master clock gives a time (the audio output: what is heard now), the
// playhead is that time; when it gives none, the page clock takes over from there.

/** What changed the clock: a jump of the playhead, the playback rate, or running/stopped. */
export type MediaClockChange = "seek" | "rate" | "run";

export class MediaClock {
  private baseMs = 0;
  private baseAtMs = 0;
  private running = false;
  private speed = 1;
  private master: (() => number | undefined) | undefined;
  private observer: ((change: MediaClockChange) => void) | undefined;

  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  /** The playhead, ms of media time. */
  get ms(): number {
    if (!this.running) return this.baseMs;
    const master = this.master?.();
    if (master !== undefined) {
      this.rebase(master);
      return master;
    }
    return this.baseMs + (this.nowMs() - this.baseAtMs) * this.speed;
  }

  get rate(): number {
    return this.speed;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Follows `master` while it returns a time (undefined: the page clock alone). */
  follow(master: (() => number | undefined) | undefined): void {
    this.master = master;
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
