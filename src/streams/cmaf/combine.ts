// Single-track CMAF headers combined into one (ISO/IEC 14496-12 §8.2.1 moov
// with a trak per track, §8.8.1 mvex with a trex per track), and fragments
// retagged to the combined track ids (§8.8.7 tfhd track_ID): a recording of
// several tracks as one fragmented MP4 file.
import { type BoxView, boxes, child, dataView } from "./box-reader.ts";
import { box, concat } from "./box-writer.ts";

/** A copy of box `b` (header included) found in `parent`. */
function copyOf(parent: Uint8Array, b: BoxView): Uint8Array {
  return parent.slice(b.start, b.start + b.size);
}

/** Box `type` directly inside `bytes`, copied whole. */
function copyChild(bytes: Uint8Array, type: string): Uint8Array {
  return copyOf(bytes, child(bytes, type));
}

/**
 * One CMAF header holding the track of each of `inits`, track `i` renumbered
 * `i + 1`. The ftyp and mvhd come from the first.
 */
export function combineInitSegments(inits: readonly Uint8Array[]): Uint8Array {
  const first = inits[0];
  if (first === undefined) throw new RangeError("combineInitSegments needs an init segment");
  const traks: Uint8Array[] = [];
  const trexes: Uint8Array[] = [];
  for (const [i, init] of inits.entries()) {
    const moov = child(init, "moov").body;
    const trak = copyChild(moov, "trak");
    const tkhd = child(child(trak, "trak").body, "tkhd").body;
    // §8.3.2: track_ID follows the creation and modification times (64-bit in version 1).
    dataView(tkhd).setUint32(tkhd[0] === 1 ? 20 : 12, i + 1);
    traks.push(trak);
    const trex = copyChild(child(moov, "mvex").body, "trex");
    // §8.8.3: version/flags, then track_ID.
    dataView(child(trex, "trex").body).setUint32(4, i + 1);
    trexes.push(trex);
  }
  const mvhd = copyChild(child(first, "moov").body, "mvhd");
  const mvhdBody = child(mvhd, "mvhd").body;
  // §8.2.2: next_track_ID is the last field.
  dataView(mvhdBody).setUint32(mvhdBody.byteLength - 4, inits.length + 1);
  return concat(copyChild(first, "ftyp"), box("moov", mvhd, ...traks, box("mvex", ...trexes)));
}

/** A copy of fragment `bytes` (moof + mdat) with every traf's track_ID set to `trackId`. */
export function retagFragment(bytes: Uint8Array, trackId: number): Uint8Array {
  const out = bytes.slice();
  const moof = boxes(out).find((b) => b.type === "moof");
  if (moof === undefined) throw new RangeError("a fragment needs a moof box");
  for (const traf of boxes(moof.body)) {
    if (traf.type === "traf") dataView(child(traf.body, "tfhd").body).setUint32(4, trackId);
  }
  return out;
}
