// Reading what writeInitSegment / writeFragment produce (and CMAF from other
// packagers with the same box set): a track's configuration and its samples.
import { BoxFormatError, boxes, child, dataView, path } from "./box-reader.ts";
import type { TrackConfig } from "./init-segment.ts";

/** Reads the one track of a CMAF header (§8.3 trak, §8.4 mdia, §8.5.2 stsd). */
export function readInitSegment(bytes: Uint8Array): TrackConfig {
  const trak = path(bytes, ["moov", "trak"]).body;
  const tkhd = dataView(child(trak, "tkhd").body);
  const trackId = tkhd.getUint32(tkhd.getUint8(0) === 1 ? 20 : 12);
  const mdhd = dataView(path(trak, ["mdia", "mdhd"]).body);
  const timescale = mdhd.getUint32(mdhd.getUint8(0) === 1 ? 20 : 12);
  const stsd = path(trak, ["mdia", "minf", "stbl", "stsd"]).body;
  const [entry] = boxes(stsd.subarray(8));
  if (entry === undefined) throw new BoxFormatError("empty stsd");
  const e = dataView(entry.body);
  if (entry.type === "avc1" || entry.type === "avc3") {
    // VisualSampleEntry: width/height at 24/26, child boxes after 78 bytes.
    const avcC = child(entry.body.subarray(78), "avcC").body.slice();
    return {
      kind: "video",
      trackId,
      timescale,
      width: e.getUint16(24),
      height: e.getUint16(26),
      avcC,
    };
  }
  if (entry.type === "Opus") {
    // AudioSampleEntry: 28 bytes, then dOps (channels at 1, pre-skip at 2, rate at 4).
    const d = dataView(child(entry.body.subarray(28), "dOps").body);
    return {
      kind: "audio",
      trackId,
      timescale,
      channels: d.getUint8(1),
      preSkip: d.getUint16(2),
      sampleRate: d.getUint32(4),
    };
  }
  throw new BoxFormatError(`unsupported sample entry ${entry.type}`);
}

/** A sample read from a fragment: decode time in the track's timescale. */
export interface ReadSample {
  readonly decodeTime: number;
  readonly duration: number;
  readonly keyframe: boolean;
  readonly data: Uint8Array;
}

/** Reads the samples of one `moof` + `mdat` (§8.8.7 tfhd, §8.8.12 tfdt, §8.8.8 trun). */
export function readFragment(bytes: Uint8Array): { trackId: number; samples: ReadSample[] } {
  const moof = boxes(bytes).find((b) => b.type === "moof");
  if (moof === undefined) throw new BoxFormatError("missing moof box");
  const traf = child(moof.body, "traf").body;
  const tfhd = dataView(child(traf, "tfhd").body);
  const tfFlags = tfhd.getUint32(0) & 0xffffff;
  const trackId = tfhd.getUint32(4);
  let at = 8;
  let base = moof.start; // default-base-is-moof, or the moof when no base offset
  if (tfFlags & 0x1) {
    base = Number(tfhd.getBigUint64(at));
    at += 8;
  }
  if (tfFlags & 0x2) at += 4;
  const defaultDuration = tfFlags & 0x8 ? tfhd.getUint32(at) : 0;
  if (tfFlags & 0x8) at += 4;
  const defaultSize = tfFlags & 0x10 ? tfhd.getUint32(at) : 0;
  if (tfFlags & 0x10) at += 4;
  const defaultFlags = tfFlags & 0x20 ? tfhd.getUint32(at) : 0;
  const tfdt = dataView(child(traf, "tfdt").body);
  let time = tfdt.getUint8(0) === 1 ? Number(tfdt.getBigUint64(4)) : tfdt.getUint32(4);

  const trun = dataView(child(traf, "trun").body);
  const flags = trun.getUint32(0) & 0xffffff;
  const count = trun.getUint32(4);
  let p = 8;
  let offset = base;
  if (flags & 0x1) {
    offset = base + trun.getInt32(p);
    p += 4;
  }
  const firstFlags = flags & 0x4 ? trun.getUint32(p) : undefined;
  if (flags & 0x4) p += 4;
  const samples: ReadSample[] = [];
  for (let i = 0; i < count; i++) {
    const duration = flags & 0x100 ? trun.getUint32(p) : defaultDuration;
    if (flags & 0x100) p += 4;
    const size = flags & 0x200 ? trun.getUint32(p) : defaultSize;
    if (flags & 0x200) p += 4;
    let sampleFlags = i === 0 && firstFlags !== undefined ? firstFlags : defaultFlags;
    if (flags & 0x400) {
      sampleFlags = trun.getUint32(p);
      p += 4;
    }
    if (flags & 0x800) p += 4; // composition offset: presentation order is not needed here
    if (offset + size > bytes.byteLength) throw new BoxFormatError("sample beyond the fragment");
    samples.push({
      decodeTime: time,
      duration,
      keyframe: (sampleFlags & 0x10000) === 0 && (sampleFlags & 0x3000000) !== 0x1000000,
      data: bytes.subarray(offset, offset + size),
    });
    offset += size;
    time += duration;
  }
  return { trackId, samples };
}
