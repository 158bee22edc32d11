// One media timeline for a stream's tracks. Chromium stamps camera frames and
// microphone data from different clock origins, so each track is mapped to the
// page clock (µs since performance.timeOrigin) by the arrival of its first raw
// frame; from then on a track keeps its own capture spacing.

export class CaptureClock {
  private readonly offsetsUs = new Map<string, number>();

  constructor(private readonly nowUs: () => number = () => performance.now() * 1000) {}

  /** Notes a raw frame of `track` (fixes its offset on the first one). */
  observe(track: string, captureUs: number): void {
    if (!this.offsetsUs.has(track)) this.offsetsUs.set(track, this.nowUs() - captureUs);
  }

  /** Media time (page clock, µs) of a capture timestamp of `track`. */
  mediaUs(track: string, captureUs: number): number {
    return captureUs + (this.offsetsUs.get(track) ?? 0);
  }

  /** Wall-clock µs (Unix epoch) of a media time, for the MoQT LOC timestamp. */
  static wallUs(mediaUs: number): number {
    return Math.round(performance.timeOrigin * 1000 + mediaUs);
  }
}
