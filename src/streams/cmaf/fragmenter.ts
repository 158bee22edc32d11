// Cuts a track's encoded chunks into CMAF fragments: a new fragment at every
// keyframe (it opens a MoQT Group) and whenever the open one reaches the
// timeslice. A sample's duration comes from the next sample's timestamp, so a
// fragment is complete when the first chunk after it arrives.
import { type Sample, writeFragment } from "./fragment.ts";

/** An encoded chunk: timestamp in µs on the capture clock. */
export interface EncodedChunk {
  readonly timestampUs: number;
  readonly data: Uint8Array;
  readonly keyframe: boolean;
}

/** A finished fragment. */
export interface CutFragment {
  readonly bytes: Uint8Array;
  /** Starts with a keyframe (opens a new Group). */
  readonly keyframe: boolean;
  /** Timestamp of the first sample (µs, capture clock). */
  readonly timestampUs: number;
  readonly durationUs: number;
}

export interface FragmenterOptions {
  readonly trackId: number;
  readonly timescale: number;
  /** Longest fragment; 0 cuts after every sample. */
  readonly timesliceMs: number;
  /** Start a fragment at every keyframe (video); false when every sample is one (audio). */
  readonly cutAtKeyframes: boolean;
}

export class Fragmenter {
  private held: EncodedChunk | undefined;
  private open: { first: EncodedChunk; samples: Sample[]; durationUs: number } | undefined;
  private sequence = 1;
  private lastDurationUs = 0;

  constructor(private readonly o: FragmenterOptions) {}

  private ticks(us: number): number {
    return Math.round((us * this.o.timescale) / 1e6);
  }

  /** Adds a chunk; returns the fragment it completed, if any. */
  push(chunk: EncodedChunk): CutFragment | undefined {
    const prev = this.held;
    this.held = chunk;
    if (prev === undefined) return undefined;
    // Timestamps that go backwards (a restarted encoder) get the last known duration.
    const durationUs =
      chunk.timestampUs > prev.timestampUs
        ? chunk.timestampUs - prev.timestampUs
        : this.lastDurationUs;
    this.lastDurationUs = durationUs;
    this.add(prev, durationUs);
    const open = this.open!;
    if ((chunk.keyframe && this.o.cutAtKeyframes) || open.durationUs >= this.o.timesliceMs * 1000)
      return this.cut();
    return undefined;
  }

  /** Ends the track: the held chunk gets the last known duration; returns the last fragment. */
  flush(): CutFragment | undefined {
    const last = this.held;
    this.held = undefined;
    if (last !== undefined) this.add(last, this.lastDurationUs || 1);
    return this.open === undefined ? undefined : this.cut();
  }

  private add(c: EncodedChunk, durationUs: number): void {
    // Tick durations from rounded end points, so rounding never drifts.
    const duration = Math.max(
      1,
      this.ticks(c.timestampUs + durationUs) - this.ticks(c.timestampUs),
    );
    const sample = { duration, data: c.data, keyframe: c.keyframe };
    if (this.open === undefined) this.open = { first: c, samples: [sample], durationUs };
    else {
      this.open.samples.push(sample);
      this.open.durationUs += durationUs;
    }
  }

  private cut(): CutFragment {
    const { first, samples, durationUs } = this.open!;
    this.open = undefined;
    const bytes = writeFragment(
      {
        trackId: this.o.trackId,
        sequence: this.sequence++,
        baseMediaDecodeTime: this.ticks(first.timestampUs),
      },
      samples,
    );
    return { bytes, keyframe: first.keyframe, timestampUs: first.timestampUs, durationUs };
  }
}
