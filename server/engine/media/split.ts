// Splits a single-track fragmented MP4 into its CMAF init segment (ftyp+moov)
// and its fragments (moof+mdat), timing each fragment from tfdt and trun
// (ISO/IEC 14496-12 §8.8).
import { type Box, children, find, viewOf } from "./boxes.ts";

/** One CMAF fragment of a track. */
export interface Fragment {
  readonly bytes: Uint8Array;
  /** Decode time of its first sample, in track timescale ticks. */
  readonly startTicks: number;
  readonly durationTicks: number;
}

/** A split single-track fMP4. */
export interface SplitTrack {
  readonly init: Uint8Array;
  /** Ticks per second of the track's media timeline (mdhd). */
  readonly timescale: number;
  readonly fragments: readonly Fragment[];
}

function fullBoxFlags(view: DataView, box: Box): { version: number; flags: number } {
  const word = view.getUint32(box.payload);
  return { version: word >>> 24, flags: word & 0xffffff };
}

function mdhdTimescale(bytes: Uint8Array, moov: Box): number {
  const mdhd = find(bytes, moov, ["trak", "mdia", "mdhd"]);
  if (mdhd === undefined) throw new RangeError("no mdhd in moov");
  const view = viewOf(bytes);
  const { version } = fullBoxFlags(view, mdhd);
  // §8.4.2: version 1 has 64-bit creation and modification times before timescale.
  return view.getUint32(mdhd.payload + (version === 1 ? 20 : 12));
}

function trexDefaultDuration(bytes: Uint8Array, moov: Box): number {
  const trex = find(bytes, moov, ["mvex", "trex"]);
  // §8.8.3: version/flags, track_ID, default_sample_description_index, default_sample_duration.
  return trex === undefined ? 0 : viewOf(bytes).getUint32(trex.payload + 12);
}

/** §8.8.7 tfhd: the default sample duration if present (flag 0x08). */
function tfhdDefaultDuration(bytes: Uint8Array, tfhd: Box | undefined): number | undefined {
  if (tfhd === undefined) return undefined;
  const view = viewOf(bytes);
  const { flags } = fullBoxFlags(view, tfhd);
  if ((flags & 0x08) === 0) return undefined;
  let at = tfhd.payload + 8; // version/flags, track_ID
  if (flags & 0x01) at += 8; // base_data_offset
  if (flags & 0x02) at += 4; // sample_description_index
  return view.getUint32(at);
}

/** §8.8.12 tfdt: baseMediaDecodeTime. */
function tfdtTime(bytes: Uint8Array, tfdt: Box): number {
  const view = viewOf(bytes);
  const { version } = fullBoxFlags(view, tfdt);
  return version === 1
    ? Number(view.getBigUint64(tfdt.payload + 4))
    : view.getUint32(tfdt.payload + 4);
}

/** §8.8.8 trun: the summed sample durations. */
function trunDuration(bytes: Uint8Array, trun: Box, defaultDuration: number): number {
  const view = viewOf(bytes);
  const { flags } = fullBoxFlags(view, trun);
  const count = view.getUint32(trun.payload + 4);
  if ((flags & 0x100) === 0) return count * defaultDuration;
  let at = trun.payload + 8;
  if (flags & 0x01) at += 4; // data_offset
  if (flags & 0x04) at += 4; // first_sample_flags
  const stride = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4;
  let total = 0;
  for (let i = 0; i < count; i++, at += stride) total += view.getUint32(at);
  return total;
}

/** What fragments of a track need from its init segment to be timed. */
export interface TrackTiming {
  /** Ticks per second of the track's media timeline (mdhd). */
  readonly timescale: number;
  /** The trex default sample duration, in ticks (0 when absent). */
  readonly defaultDurationTicks: number;
}

/** Reads the timing fields of a single-track init segment (ftyp+moov). */
export function trackTiming(init: Uint8Array): TrackTiming {
  const moov = children(init, 0, init.byteLength).find((b) => b.type === "moov");
  if (moov === undefined) throw new RangeError("no moov box");
  return {
    timescale: mdhdTimescale(init, moov),
    defaultDurationTicks: trexDefaultDuration(init, moov),
  };
}

/** The decode time and duration of the fragment whose moof is `moof` (ticks). */
function timeMoof(bytes: Uint8Array, moof: Box, timing: TrackTiming) {
  const traf = find(bytes, moof, ["traf"]);
  const tfdt = traf && find(bytes, traf, ["tfdt"]);
  if (traf === undefined || tfdt === undefined) throw new RangeError("fragment without tfdt");
  const defaultDuration =
    tfhdDefaultDuration(bytes, find(bytes, traf, ["tfhd"])) ?? timing.defaultDurationTicks;
  let durationTicks = 0;
  for (const trun of children(bytes, traf.payload, traf.end)) {
    if (trun.type === "trun") durationTicks += trunDuration(bytes, trun, defaultDuration);
  }
  return { startTicks: tfdtTime(bytes, tfdt), durationTicks };
}

/**
 * Times one CMAF fragment (optional styp/prft, then moof+mdat pairs): the first
 * moof's decode time and the summed durations of every moof in it.
 */
export function timeFragment(bytes: Uint8Array, timing: TrackTiming): Omit<Fragment, "bytes"> {
  let startTicks: number | undefined;
  let durationTicks = 0;
  for (const box of children(bytes, 0, bytes.byteLength)) {
    if (box.type !== "moof") continue;
    const t = timeMoof(bytes, box, timing);
    startTicks ??= t.startTicks;
    durationTicks += t.durationTicks;
  }
  if (startTicks === undefined) throw new RangeError("fragment without moof");
  return { startTicks, durationTicks };
}

/** Splits `bytes` (one track, fragmented); throws RangeError on a malformed file. */
export function splitFragmented(bytes: Uint8Array): SplitTrack {
  const top = children(bytes, 0, bytes.byteLength);
  const moov = top.find((b) => b.type === "moov");
  if (moov === undefined) throw new RangeError("no moov box");
  const timing = trackTiming(bytes.subarray(0, moov.end));
  const fragments: Fragment[] = [];
  let pendingStart = moov.end; // boxes between fragments (styp, sidx, prft) travel with the next moof
  let moof: Box | undefined;
  for (const box of top) {
    if (box.start < moov.end) continue;
    if (box.type === "moof") moof = box;
    if (box.type !== "mdat" || moof === undefined) continue;
    fragments.push({
      bytes: bytes.subarray(pendingStart, box.end),
      ...timeMoof(bytes, moof, timing),
    });
    pendingStart = box.end;
    moof = undefined;
  }
  return { init: bytes.subarray(0, moov.end), timescale: timing.timescale, fragments };
}
