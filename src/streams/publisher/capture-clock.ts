// One media timeline for a stream's tracks: the page clock (µs since
// performance.timeOrigin). Measured in Chromium, MediaStreamTrackProcessor
// stamps AudioData on the page clock already (a microphone's 0.4–4 ms, a
// WebAudio destination's 8–13 ms before it reaches the page), while a
// VideoFrame's timestamp has another origin: a camera's is the system's
// monotonic clock (time since boot), a canvas capture's starts near zero with
// the capture. Both run at the page clock's rate, so such a track is mapped by
// a constant offset: the smallest delay from capture to arrival seen so far
// (≈ 1 ms), not the first frame's — under load the first frame came 130 ms
// late, and the tracks ended up −160 to −390 ms apart.

/** Audio stamped within this of its arrival is on the page clock already. */
const PAGE_CLOCK_MAX_US = 1_000_000;

type TrackKind = "audio" | "video";

interface TrackMapping {
  offsetUs: number;
  lastCaptureUs: number;
  /** The timestamps are page-clock times: no offset, nothing to learn. */
  readonly pageClock: boolean;
}

export class CaptureClock {
  private readonly tracks = new Map<TrackKind, TrackMapping>();

  constructor(private readonly nowUs: () => number = () => performance.now() * 1000) {}

  /** Notes a raw frame of the `kind` track arriving now. */
  observe(kind: TrackKind, captureUs: number): void {
    const delayUs = this.nowUs() - captureUs;
    const m = this.tracks.get(kind);
    if (m === undefined) {
      const pageClock = kind === "audio" && Math.abs(delayUs) < PAGE_CLOCK_MAX_US;
      this.tracks.set(kind, {
        offsetUs: pageClock ? 0 : delayUs,
        lastCaptureUs: captureUs,
        pageClock,
      });
      return;
    }
    if (m.pageClock || captureUs <= m.lastCaptureUs) return;
    // A shorter delay lowers the offset, by at most half the time since the last
    // frame, so mapped timestamps keep increasing.
    if (delayUs < m.offsetUs) {
      m.offsetUs = Math.max(delayUs, m.offsetUs - (captureUs - m.lastCaptureUs) / 2);
    }
    m.lastCaptureUs = captureUs;
  }

  /** Media time (page clock, µs) of a capture timestamp of the `kind` track. */
  mediaUs(kind: TrackKind, captureUs: number): number {
    return captureUs + (this.tracks.get(kind)?.offsetUs ?? 0);
  }

  /** Wall-clock µs (Unix epoch) of a media time, for the MoQT LOC timestamp. */
  static wallUs(mediaUs: number): number {
    return Math.round(performance.timeOrigin * 1000 + mediaUs);
  }
}
