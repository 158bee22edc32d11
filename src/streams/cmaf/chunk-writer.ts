// Writes a track's encoded frames as CMAF chunks (ISO/IEC 23000-19 §7.3.2.2):
// one moof + mdat per frame, sent as soon as the frame's duration is known —
// from the next frame's timestamp (MSE plays one-frame chunks gap-free only
// with exact durations). Chunks group into CMAF fragments (§7.3.2.3), which
// share an mfhd sequence number: a fragment starts at every keyframe, and for
// tracks where every sample is a sync sample (audio) every `fragmentMs`.
import { writeFragment } from "./fragment.ts";

/** An encoded frame: timestamp in µs on the capture clock. */
export interface EncodedFrame {
  readonly timestampUs: number;
  readonly data: Uint8Array;
  readonly keyframe: boolean;
}

/** One written chunk: one frame as `moof` + `mdat`. */
export interface CmafChunk {
  readonly bytes: Uint8Array;
  /** Its sample is a sync sample (a keyframe; every audio frame). */
  readonly keyframe: boolean;
  /** First chunk of a CMAF fragment: it opens a MoQT Group. */
  readonly fragmentStart: boolean;
  /** Timestamp of the sample (µs, capture clock). */
  readonly timestampUs: number;
  readonly durationUs: number;
}

export interface ChunkWriterOptions {
  readonly trackId: number;
  readonly timescale: number;
  /**
   * Video (false): a fragment starts at each keyframe. Audio (true: every
   * sample is a sync sample): a fragment starts every `fragmentMs`.
   */
  readonly allSync: boolean;
  /** Length of an audio fragment, ms; 0 makes every chunk a fragment. */
  readonly fragmentMs: number;
}

export class ChunkWriter {
  private held: EncodedFrame | undefined;
  private sequence = 0;
  private fragmentUs = Number.POSITIVE_INFINITY;
  private lastDurationUs = 0;

  constructor(private readonly o: ChunkWriterOptions) {}

  private ticks(us: number): number {
    return Math.round((us * this.o.timescale) / 1e6);
  }

  /** Adds a frame; returns the chunk of the frame before it, now that its duration is known. */
  push(frame: EncodedFrame): CmafChunk | undefined {
    const prev = this.held;
    this.held = frame;
    if (prev === undefined) return undefined;
    // Timestamps that go backwards (a restarted encoder) get the last known duration.
    const durationUs =
      frame.timestampUs > prev.timestampUs
        ? frame.timestampUs - prev.timestampUs
        : this.lastDurationUs;
    this.lastDurationUs = durationUs;
    return this.write(prev, durationUs);
  }

  /** Ends the track: the held frame gets the last known duration. */
  flush(): CmafChunk | undefined {
    const last = this.held;
    this.held = undefined;
    return last === undefined ? undefined : this.write(last, this.lastDurationUs || 1);
  }

  private write(f: EncodedFrame, durationUs: number): CmafChunk {
    const fragmentStart = this.o.allSync ? this.fragmentUs >= this.o.fragmentMs * 1000 : f.keyframe;
    if (fragmentStart) {
      this.sequence++;
      this.fragmentUs = 0;
    }
    this.fragmentUs += durationUs;
    // Tick durations from rounded end points, so rounding never drifts.
    const start = this.ticks(f.timestampUs);
    const duration = Math.max(1, this.ticks(f.timestampUs + durationUs) - start);
    const bytes = writeFragment(
      // §8.8.5: sequence numbers start at 1 (frames before the first keyframe share it).
      { trackId: this.o.trackId, sequence: Math.max(1, this.sequence), baseMediaDecodeTime: start },
      [{ duration, data: f.data, keyframe: f.keyframe || this.o.allSync }],
    );
    return {
      bytes,
      keyframe: f.keyframe || this.o.allSync,
      fragmentStart,
      timestampUs: f.timestampUs,
      durationUs,
    };
  }
}
