// Chromium's AudioEncoder stamps its output by counting samples from the first
// input: a gap in the input (frames the capture or the encoder queue dropped
// under load) is ignored, so its timeline falls behind the capture clock for
// good and the sound drifts behind the picture. This maps the encoder's
// timeline back to capture time: one entry per run of contiguous input.

/** A gap in the input longer than this starts a new run, µs. */
const GAP_US = 1000;

export class EncoderTimeline {
  private runs: { encoderUs: number; captureUs: number }[] = [];
  private fedUs: number | undefined;

  /** Notes an input frame (capture timestamp and duration, µs) about to be encoded. */
  input(captureUs: number, durationUs: number): void {
    const encoderUs = this.fedUs ?? captureUs;
    const last = this.runs[this.runs.length - 1];
    if (last === undefined || Math.abs(this.capture(last, encoderUs) - captureUs) > GAP_US) {
      this.runs.push({ encoderUs, captureUs });
    }
    this.fedUs = encoderUs + durationUs;
  }

  /** Capture time of an output timestamp (µs on the encoder's timeline). */
  captureUs(encoderUs: number): number {
    while (this.runs.length > 1 && this.runs[1]!.encoderUs <= encoderUs) this.runs.shift();
    const run = this.runs[0];
    return run === undefined ? encoderUs : this.capture(run, encoderUs);
  }

  private capture(run: { encoderUs: number; captureUs: number }, encoderUs: number): number {
    return run.captureUs + (encoderUs - run.encoderUs);
  }
}
