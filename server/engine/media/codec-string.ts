// RFC 6381 codec strings for the catalog, read from the init segment where the
// bytes define them (H.264: avcC, ISO/IEC 14496-15 §5.3.3.1).
import { children, find, root, viewOf } from "./boxes.ts";

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, "0");

/** The sample entry box of the first track's stsd in `init` (ISO/IEC 14496-12 §8.5.2). */
function sampleEntry(init: Uint8Array) {
  const stsd = find(init, root(init), ["moov", "trak", "mdia", "minf", "stbl", "stsd"]);
  if (stsd === undefined) throw new RangeError("no stsd in init segment");
  // version/flags (4) and entry_count (4) precede the entries.
  return children(init, stsd.payload + 8, stsd.end)[0];
}

/** `avc1.PPCCLL` from the avcC profile, compatibility and level bytes. */
function avcCodec(init: Uint8Array, type: string, entryPayload: number, entryEnd: number): string {
  // VisualSampleEntry's fixed fields take 78 bytes before its child boxes (§12.1.3).
  const avcC = children(init, entryPayload + 78, entryEnd).find((b) => b.type === "avcC");
  if (avcC === undefined) throw new RangeError("avc1 sample entry without avcC");
  const view = viewOf(init);
  const profile = view.getUint8(avcC.payload + 1);
  const compat = view.getUint8(avcC.payload + 2);
  const level = view.getUint8(avcC.payload + 3);
  return `${type}.${hex2(profile)}${hex2(compat)}${hex2(level)}`;
}

const AAC_OBJECT_TYPES: Readonly<Record<string, number>> = { LC: 2, "HE-AAC": 5, "HE-AACv2": 29 };

/**
 * The codec string of the single track in `init`. `aacProfile` is the AAC
 * profile name as ffprobe reports it (LC, HE-AAC, HE-AACv2).
 */
export function codecString(init: Uint8Array, aacProfile?: string): string {
  const entry = sampleEntry(init);
  if (entry === undefined) throw new RangeError("empty stsd");
  switch (entry.type) {
    case "avc1":
    case "avc3":
      return avcCodec(init, entry.type, entry.payload, entry.end);
    case "mp4a":
      return `mp4a.40.${AAC_OBJECT_TYPES[aacProfile ?? "LC"] ?? 2}`;
    case "Opus":
      return "opus";
    default:
      throw new RangeError(`no codec string for sample entry ${entry.type}`);
  }
}
