// CMAF init segments straight from the FLV sequence headers (Adobe FLV spec,
// "VIDEODATA"/"AUDIODATA": AVCPacketType / AACPacketType 0): the avcC and the
// AudioSpecificConfig hold everything an init segment and the catalog need, so
// the tracks are published as soon as the encoder sends them, without waiting
// for ffmpeg. Track id and timescales are those the remuxer's ffmpeg writes
// (`INGEST_TRACK_ID`, `-video_track_timescale`, the sample rate), so its
// fragments play against these inits.
import { writeInitSegment } from "../../../src/streams/cmaf/init-segment.ts";
import { avcConfigPictureSize } from "./avc-sps.ts";
import { FlvTagType, isAacAudio, isAvcVideo } from "./flv.ts";

/** The track id of every remuxer's single track (ffmpeg numbers its one track 1). */
export const INGEST_TRACK_ID = 1;
/** Ticks per second of ingested video (FLV's millisecond timestamps map exactly). */
export const INGEST_VIDEO_TIMESCALE = 90_000;

// ISO/IEC 14496-3 §1.6.3.4 samplingFrequencyIndex.
const AAC_RATES = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

/** Sample rate and channels of an AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), if plain. */
function aacConfig(asc: Uint8Array): { sampleRate: number; channels: number } | undefined {
  if (asc.byteLength < 2) return undefined;
  const objectType = asc[0]! >> 3;
  const rateIndex = ((asc[0]! & 0x07) << 1) | (asc[1]! >> 7);
  const channels = (asc[1]! >> 3) & 0x0f;
  // Escaped object types, explicit rates, SBR/PS (whose output rate ffmpeg works out from
  // the stream) and channel layouts in a PCE are left to ffmpeg's own init segment.
  if (objectType === 31 || objectType === 5 || objectType === 29) return undefined;
  const sampleRate = AAC_RATES[rateIndex];
  if (sampleRate === undefined || channels === 0 || channels > 7) return undefined;
  return { sampleRate, channels: channels === 7 ? 8 : channels };
}

/**
 * The init segment an FLV tag body defines when it is an H.264 or AAC sequence
 * header; undefined for any other tag (or a configuration left to ffmpeg).
 */
export function initFromSequenceHeader(kind: FlvTagType, body: Uint8Array): Uint8Array | undefined {
  try {
    if (kind === FlvTagType.Video) {
      // FrameType|CodecID, AVCPacketType (0: sequence header), CompositionTime (3 bytes), avcC.
      if (!isAvcVideo(body) || body[1] !== 0) return undefined;
      const avcC = body.slice(5);
      const { width, height } = avcConfigPictureSize(avcC);
      const trackId = INGEST_TRACK_ID;
      const timescale = INGEST_VIDEO_TIMESCALE;
      return writeInitSegment({ kind: "video", trackId, timescale, width, height, avcC });
    }
    // SoundFormat|rate|size|type, AACPacketType (0: sequence header), AudioSpecificConfig.
    if (!isAacAudio(body) || body[1] !== 0) return undefined;
    const asc = body.slice(2);
    const config = aacConfig(asc);
    if (config === undefined) return undefined;
    return writeInitSegment({
      kind: "audio",
      codec: "aac",
      trackId: INGEST_TRACK_ID,
      timescale: config.sampleRate,
      ...config,
      audioSpecificConfig: asc,
    });
  } catch {
    return undefined; // a malformed header: ffmpeg's init segment decides
  }
}
