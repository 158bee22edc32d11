// Facts about a single-track CMAF init segment and its fragments that a
// catalog and a MoQT publisher need (ISO/IEC 14496-12).
import { children, find, root, viewOf } from "./boxes.ts";

/** The presentation size (tkhd, §8.3.2) and, for audio, rate and channels. */
export interface InitFacts {
  readonly handler: "vide" | "soun" | string;
  readonly width: number;
  readonly height: number;
  /** mdhd timescale: the sample rate for audio tracks. */
  readonly timescale: number;
  readonly channels: number;
}

/** Reads the track facts of `init` (ftyp+moov with one trak). */
export function initFacts(init: Uint8Array): InitFacts {
  const trak = find(init, root(init), ["moov", "trak"]);
  if (trak === undefined) throw new RangeError("no trak in init segment");
  const view = viewOf(init);
  const tkhd = find(init, trak, ["tkhd"]);
  const hdlr = find(init, trak, ["mdia", "hdlr"]);
  const mdhd = find(init, trak, ["mdia", "mdhd"]);
  if (tkhd === undefined || hdlr === undefined || mdhd === undefined) {
    throw new RangeError("trak without tkhd, hdlr or mdhd");
  }
  // tkhd ends with width and height as 16.16 fixed point.
  const width = view.getUint32(tkhd.end - 8) >>> 16;
  const height = view.getUint32(tkhd.end - 4) >>> 16;
  // hdlr: version/flags (4), pre_defined (4), handler_type (4).
  const handler = new TextDecoder("latin1").decode(
    init.subarray(hdlr.payload + 8, hdlr.payload + 12),
  );
  const v1 = view.getUint8(mdhd.payload) === 1;
  const timescale = view.getUint32(mdhd.payload + (v1 ? 20 : 12));
  let channels = 0;
  if (handler === "soun") {
    const stsd = find(init, trak, ["mdia", "minf", "stbl", "stsd"]);
    const entry = stsd && children(init, stsd.payload + 8, stsd.end)[0];
    // AudioSampleEntry: reserved (6), data_reference_index (2), reserved (8), channelcount (2).
    if (entry !== undefined) channels = view.getUint16(entry.payload + 16);
  }
  return { handler, width, height, timescale, channels };
}

/** §8.8.3.1 sample flags: sample_is_non_sync_sample is bit 16. */
const NON_SYNC = 0x10000;

/** True when the first sample of the fragment (moof+mdat) is a sync sample (a keyframe). */
export function startsWithSync(fragment: Uint8Array, init: Uint8Array): boolean {
  const view = viewOf(fragment);
  const traf = find(fragment, root(fragment), ["moof", "traf"]);
  if (traf === undefined) throw new RangeError("fragment without traf");
  const trun = find(fragment, traf, ["trun"]);
  const tfhd = find(fragment, traf, ["tfhd"]);
  if (trun !== undefined) {
    const flags = view.getUint32(trun.payload) & 0xffffff;
    let at = trun.payload + 8 + (flags & 0x01 ? 4 : 0);
    if (flags & 0x04) return (view.getUint32(at) & NON_SYNC) === 0; // first_sample_flags
    if (flags & 0x400) {
      at += flags & 0x100 ? 4 : 0;
      at += flags & 0x200 ? 4 : 0;
      return (view.getUint32(at) & NON_SYNC) === 0;
    }
  }
  if (tfhd !== undefined) {
    const flags = view.getUint32(tfhd.payload) & 0xffffff;
    if (flags & 0x20) {
      let at = tfhd.payload + 8;
      if (flags & 0x01) at += 8;
      if (flags & 0x02) at += 4;
      if (flags & 0x08) at += 4;
      if (flags & 0x10) at += 4;
      return (view.getUint32(at) & NON_SYNC) === 0;
    }
  }
  const trex = find(init, root(init), ["moov", "mvex", "trex"]);
  // trex: version/flags, track_ID, description index, duration, size, default_sample_flags.
  return trex === undefined || (viewOf(init).getUint32(trex.payload + 20) & NON_SYNC) === 0;
}

/** Adds `deltaTicks` to the fragment's tfdt baseMediaDecodeTime, in place (§8.8.12). */
export function shiftDecodeTime(fragment: Uint8Array, deltaTicks: number): number {
  const tfdt = find(fragment, root(fragment), ["moof", "traf", "tfdt"]);
  if (tfdt === undefined) throw new RangeError("fragment without tfdt");
  const view = viewOf(fragment);
  if (view.getUint8(tfdt.payload) === 1) {
    const t = Number(view.getBigUint64(tfdt.payload + 4)) + deltaTicks;
    view.setBigUint64(tfdt.payload + 4, BigInt(t));
    return t;
  }
  const t = view.getUint32(tfdt.payload + 4) + deltaTicks;
  view.setUint32(tfdt.payload + 4, t);
  return t;
}
