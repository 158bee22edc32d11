// CMAF chunk (ISO/IEC 23000-19 §7.3.2.2; a fragment, §7.3.2.3, is one or more chunks):
// one moof + mdat for one track. Box layouts from ISO/IEC 14496-12 (section per box below).
import { box, concat, fullBox, u32, u64 } from "./box-writer.ts";

/** One coded sample of a fragment. */
export interface Sample {
  /** Duration in the track's timescale. */
  readonly duration: number;
  readonly data: Uint8Array;
  /** A sync sample (an IDR frame; every Opus packet). */
  readonly keyframe: boolean;
}

/** What a fragment needs besides its samples. */
export interface FragmentHeader {
  readonly trackId: number;
  /** mfhd sequence number, increasing per fragment of the track. */
  readonly sequence: number;
  /** Decode time of the first sample, in the track's timescale. */
  readonly baseMediaDecodeTime: number;
}

// §8.8.3.1 sample flags: sync = depends on nothing; else depends on others + non-sync.
export const SYNC_SAMPLE_FLAGS = 0x02000000;
export const NON_SYNC_SAMPLE_FLAGS = 0x01010000;
// §8.8.7 tfhd flag: data offsets are relative to the moof.
const DEFAULT_BASE_IS_MOOF = 0x020000;
// §8.8.8 trun flags: data-offset, sample duration, size and flags present.
const TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400;

/** Writes `moof` + `mdat` holding `samples` in order. */
export function writeFragment(h: FragmentHeader, samples: readonly Sample[]): Uint8Array {
  if (samples.length === 0) throw new RangeError("a fragment needs at least one sample");
  const build = (dataOffset: number) =>
    box(
      "moof",
      fullBox("mfhd", 0, 0, u32(h.sequence)), // §8.8.5
      box(
        "traf",
        fullBox("tfhd", 0, DEFAULT_BASE_IS_MOOF, u32(h.trackId)), // §8.8.7
        fullBox("tfdt", 1, 0, u64(h.baseMediaDecodeTime)), // §8.8.12, 64-bit time
        fullBox(
          "trun",
          0,
          TRUN_FLAGS,
          u32(samples.length),
          u32(dataOffset), // §8.8.8
          samples.map((s) => [
            u32(s.duration),
            u32(s.data.byteLength),
            u32(s.keyframe ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS),
          ]),
        ),
      ),
    );
  const moofSize = build(0).byteLength;
  // Sample data starts after the moof and the 8-byte mdat header.
  return concat(
    build(moofSize + 8),
    box(
      "mdat",
      samples.map((s) => s.data),
    ),
  );
}
