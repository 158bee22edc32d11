/**
 * Capture timestamps for written frames: the wall clock, but never less than one
 * frame after the previous frame, so a burst of writes keeps strictly increasing
 * timestamps (receivers play frames in timestamp order).
 */
export class WriteClock {
  #lastTsUs = -Infinity;

  constructor(
    private readonly frameUs: number,
    private readonly nowUs: () => number = () => Date.now() * 1000,
  ) {}

  /** The timestamp of the next frame, µs since the Unix epoch. */
  next(): number {
    this.#lastTsUs = Math.max(Math.round(this.nowUs()), this.#lastTsUs + this.frameUs);
    return this.#lastTsUs;
  }
}
