// Chromium's AudioEncoder stamps its output by counting the samples it was
// given, so input that never reached it (AudioData the track processor dropped
// while the page was busy) would shift every later packet back in time. This
// puts the skipped time back. Input timestamps jitter, though: a WebAudio
// destination's by −8 to +10 ms (measured), and counting every late one as a
// gap added 290 ms in 6 s while the samples spanned their timestamps to 3 ms.
// So each input's timestamp is compared with where the count puts it: a jump
// beyond any jitter is a gap at once, and a smaller difference counts only once
// every input of a window shows it (a lost packet or two, or a clock drift).

/** A jump ahead of the count by more than this is a gap at once. */
const GAP_US = 25_000;
/** Inputs over this much audio decide whether a smaller difference persists… */
const WINDOW_US = 200_000;
/** …being all off the same way by more than this. */
const TOLERANCE_US = 2000;

export class AudioGaps {
  /** Where the count puts the next input, on the encoder's timeline (µs). */
  private countUs: number | undefined;
  private shiftUs = 0;
  /** Encoder-timeline points from which `shiftUs` applies, oldest first. */
  private readonly shifts: { fromUs: number; shiftUs: number }[] = [];
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;
  private windowUs = 0;

  /** Notes one input `AudioData` (timestamp and duration in µs). */
  input(timestampUs: number, durationUs: number): void {
    const countUs = this.countUs ?? timestampUs;
    this.countUs = countUs + durationUs;
    const offUs = timestampUs - (countUs + this.shiftUs);
    if (offUs > GAP_US) {
      this.shift(countUs, offUs);
      return;
    }
    this.low = Math.min(this.low, offUs);
    this.high = Math.max(this.high, offUs);
    this.windowUs += durationUs;
    if (this.windowUs < WINDOW_US) return;
    // The smallest difference the whole window agrees on.
    if (this.low > TOLERANCE_US) this.shift(countUs, this.low);
    else if (this.high < -TOLERANCE_US) this.shift(countUs, this.high);
    else this.resetWindow();
  }

  /** The capture timestamp of an encoder output packet stamped `timestampUs`. */
  output(timestampUs: number): number {
    while (this.shifts.length > 1 && this.shifts[1]!.fromUs <= timestampUs) this.shifts.shift();
    const s = this.shifts[0];
    return s !== undefined && s.fromUs <= timestampUs ? timestampUs + s.shiftUs : timestampUs;
  }

  private shift(fromUs: number, byUs: number): void {
    this.shiftUs += byUs;
    this.shifts.push({ fromUs, shiftUs: this.shiftUs });
    this.resetWindow();
  }

  private resetWindow(): void {
    this.low = Number.POSITIVE_INFINITY;
    this.high = Number.NEGATIVE_INFINITY;
    this.windowUs = 0;
  }
}
