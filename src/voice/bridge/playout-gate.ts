/**
 * Playout order for received frames (seed 004 "Lanes and QoS": late frames are
 * dropped at playout, not queued): a frame is delivered at once when it is newer
 * than every frame delivered before it, and dropped otherwise — one late frame
 * costs one frame of audio, never a growing backlog.
 */
export class PlayoutGate {
  #lastTsUs = -1;
  #dropped = 0;

  /** Frames dropped as late (older than, or as old as, one already played). */
  get dropped(): number {
    return this.#dropped;
  }

  /** True when the frame captured at `tsUs` is to be played; counts it as dropped otherwise. */
  admit(tsUs: number): boolean {
    if (tsUs <= this.#lastTsUs) {
      this.#dropped++;
      return false;
    }
    this.#lastTsUs = tsUs;
    return true;
  }
}
