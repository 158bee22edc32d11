// CMAF (ISO/IEC 23000-19) header and fragment writing and reading.

export { BoxFormatError } from "./box-reader.ts";
export { avcCodecString, opusPreSkip } from "./codec-string.ts";
export { type FragmentHeader, type Sample, writeFragment } from "./fragment.ts";
export {
  type AacTrackConfig,
  type AudioTrackConfig,
  type TrackConfig,
  type VideoTrackConfig,
  writeInitSegment,
} from "./init-segment.ts";
export { type ReadSample, readFragment, readInitSegment } from "./read.ts";
