// Chromium's AudioEncoder stamps its output by counting the samples it was
// given, so input that never reached it (AudioData the track processor dropped
// while the page was busy) shifts every later packet back in time, and audio
// falls behind video for good. This puts the skipped time back: it notes each
// gap in the input and adds the gaps before an output packet to its timestamp.

/** A jump in input timestamps larger than this is a gap, not jitter. */
const GAP_TOLERANCE_US = 5000;

export class AudioGaps {
  private nextInputUs: number | undefined;
  private totalGapUs = 0;
  /** Encoder-timeline points from which `gapUs` applies, oldest first. */
  private readonly shifts: { fromUs: number; gapUs: number }[] = [];

  /** Notes one input `AudioData` (timestamp and duration in µs). */
  input(timestampUs: number, durationUs: number): void {
    const expected = this.nextInputUs;
    if (expected !== undefined && timestampUs - expected > GAP_TOLERANCE_US) {
      // Where the gap sits on the encoder's sample-counting timeline.
      const fromUs = expected - this.totalGapUs;
      this.totalGapUs += timestampUs - expected;
      this.shifts.push({ fromUs, gapUs: this.totalGapUs });
    }
    this.nextInputUs = timestampUs + durationUs;
  }

  /** The capture timestamp of an encoder output packet stamped `timestampUs`. */
  output(timestampUs: number): number {
    while (this.shifts.length > 1 && this.shifts[1]!.fromUs <= timestampUs) this.shifts.shift();
    const s = this.shifts[0];
    return s !== undefined && s.fromUs <= timestampUs ? timestampUs + s.gapUs : timestampUs;
  }
}
