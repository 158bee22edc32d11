// CMAF header (ISO/IEC 23000-19 §7.3.2): ftyp + moov with one track and mvex,
// no samples. Box layouts from ISO/IEC 14496-12 (section per box below).
import {
  type BoxPart,
  box,
  concat,
  fourCc,
  fullBox,
  u8,
  u16,
  u24,
  u32,
  zeros,
} from "./box-writer.ts";

/** An H.264 track: `avcC` is the AVCDecoderConfigurationRecord (WebCodecs `description`). */
export interface VideoTrackConfig {
  readonly kind: "video";
  readonly trackId: number;
  /** Ticks per second of the media timeline. */
  readonly timescale: number;
  readonly width: number;
  readonly height: number;
  readonly avcC: Uint8Array;
}

/** An Opus track (Encapsulation of Opus in ISO BMFF, §4.3). */
export interface AudioTrackConfig {
  readonly kind: "audio";
  readonly codec?: "opus";
  readonly trackId: number;
  /** Ticks per second; Opus in MP4 uses 48 000. */
  readonly timescale: number;
  readonly sampleRate: number;
  readonly channels: number;
  /** Samples to discard at the start of decoding (OpusHead pre-skip). */
  readonly preSkip: number;
}

/** An AAC track (ISO/IEC 14496-14 §5.6: mp4a with an esds). */
export interface AacTrackConfig {
  readonly kind: "audio";
  readonly codec: "aac";
  readonly trackId: number;
  /** Ticks per second; the sample rate. */
  readonly timescale: number;
  readonly sampleRate: number;
  readonly channels: number;
  /** The AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), as an FLV AAC sequence header carries it. */
  readonly audioSpecificConfig: Uint8Array;
}

export type TrackConfig = VideoTrackConfig | AudioTrackConfig | AacTrackConfig;

// Unity transformation matrix (§8.2.2 mvhd, §8.3.2 tkhd).
const MATRIX = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].map(u32);

/** Writes the init segment (`ftyp` + `moov`) of one CMAF track. */
export function writeInitSegment(track: TrackConfig): Uint8Array {
  // §4.3 ftyp: major brand, minor version, compatible brands (CMAF `cmfc`).
  const ftyp = box("ftyp", fourCc("iso6"), u32(0), ["iso6", "cmfc", "mp41"].map(fourCc));
  return concat(ftyp, box("moov", mvhd(track.trackId + 1), trak(track), mvex(track.trackId)));
}

// §8.2.2: creation, modification, timescale, duration (0: fragmented), rate,
// volume, reserved, matrix, pre_defined, next_track_ID.
function mvhd(nextTrackId: number) {
  return fullBox(
    "mvhd",
    0,
    0,
    u32(0),
    u32(0),
    u32(1000),
    u32(0),
    u32(0x10000),
    u16(0x100),
    zeros(10),
    MATRIX,
    zeros(24),
    u32(nextTrackId),
  );
}

function trak(t: TrackConfig) {
  const audio = t.kind === "audio";
  // §8.3.2 tkhd, flags enabled|in_movie: ids, duration, layer, group, volume, matrix, size (16.16).
  const tkhd = fullBox(
    "tkhd",
    0,
    3,
    u32(0),
    u32(0),
    u32(t.trackId),
    u32(0),
    u32(0),
    zeros(8),
    u16(0),
    u16(0),
    u16(audio ? 0x100 : 0),
    u16(0),
    MATRIX,
    u32(audio ? 0 : t.width * 0x10000),
    u32(audio ? 0 : t.height * 0x10000),
  );
  // §8.4.2 mdhd: timescale, duration 0, language "und" packed as 5-bit letters.
  const mdhd = fullBox("mdhd", 0, 0, u32(0), u32(0), u32(t.timescale), u32(0), u16(0x55c4), u16(0));
  // §8.4.3 hdlr: handler type and a null-terminated name.
  const hdlr = fullBox(
    "hdlr",
    0,
    0,
    u32(0),
    fourCc(audio ? "soun" : "vide"),
    zeros(12),
    new TextEncoder().encode(audio ? "SoundHandler\0" : "VideoHandler\0"),
  );
  // §8.4.5.2 vmhd (flags 1) / §12.2.2 smhd.
  const header = audio ? fullBox("smhd", 0, 0, u16(0), u16(0)) : fullBox("vmhd", 0, 1, zeros(8));
  // §8.7.1 dinf/dref with one self-contained `url ` entry (flags 1).
  const dinf = box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1)));
  // §8.5: sample description plus empty sample tables (samples live in fragments).
  const stbl = box(
    "stbl",
    fullBox("stsd", 0, 0, u32(1), sampleEntry(t)),
    fullBox("stts", 0, 0, u32(0)),
    fullBox("stsc", 0, 0, u32(0)),
    fullBox("stsz", 0, 0, u32(0), u32(0)),
    fullBox("stco", 0, 0, u32(0)),
  );
  return box("trak", tkhd, box("mdia", mdhd, hdlr, box("minf", header, dinf, stbl)));
}

function sampleEntry(t: TrackConfig) {
  if (t.kind === "video") {
    // §12.1.3 VisualSampleEntry + ISO/IEC 14496-15 §5.4.2 avcC.
    return box(
      "avc1",
      zeros(6),
      u16(1),
      zeros(16),
      u16(t.width),
      u16(t.height),
      u32(0x480000),
      u32(0x480000),
      u32(0),
      u16(1),
      zeros(32),
      u16(0x18),
      u16(0xffff),
      box("avcC", t.avcC),
    );
  }
  // §12.2.3 AudioSampleEntry (sample rate 16.16, capped by the field).
  const entry = [
    zeros(6),
    u16(1),
    zeros(8),
    u16(t.channels),
    u16(16),
    u16(0),
    u16(0),
    u32(Math.min(t.timescale, 0xffff) * 0x10000),
  ];
  if (t.codec === "aac") return box("mp4a", entry, esds(t.trackId, t.audioSpecificConfig));
  // Opus-in-ISOBMFF §4.3.2 dOps: version, channels, pre-skip, input rate, gain, mapping family 0.
  return box(
    "Opus",
    entry,
    box("dOps", u8(0), u8(t.channels), u16(t.preSkip), u32(t.sampleRate), u16(0), u8(0)),
  );
}

/** A descriptor of ISO/IEC 14496-1 §7.2.2 (tag, one-byte size: bodies here are short). */
function descriptor(tag: number, ...body: BoxPart[]): Uint8Array {
  const bytes = concat(...body);
  if (bytes.byteLength > 0x7f) throw new RangeError(`descriptor ${tag} too long`);
  return concat(u8(tag), u8(bytes.byteLength), bytes);
}

// ISO/IEC 14496-14 §5.6 esds: an ES_Descriptor (14496-1 §7.2.6.5: ES_ID, flags) holding a
// DecoderConfigDescriptor (§7.2.6.6: object type 0x40 Audio ISO/IEC 14496-3, stream type 5
// audio with the reserved bit, buffer size, max and average bitrate unknown) with the
// AudioSpecificConfig, and an SLConfigDescriptor (§7.3.2.3.1, predefined 2: MP4).
function esds(trackId: number, audioSpecificConfig: Uint8Array): Uint8Array {
  const decoderConfig = descriptor(
    4,
    u8(0x40),
    u8(0x15),
    u24(0),
    u32(0),
    u32(0),
    descriptor(5, audioSpecificConfig),
  );
  return fullBox(
    "esds",
    0,
    0,
    descriptor(3, u16(trackId), u8(0), decoderConfig, descriptor(6, u8(2))),
  );
}

// §8.8.1 mvex / §8.8.3 trex: defaults for fragments (description 1, rest per sample).
function mvex(trackId: number) {
  return box("mvex", fullBox("trex", 0, 0, u32(trackId), u32(1), u32(0), u32(0), u32(0)));
}
