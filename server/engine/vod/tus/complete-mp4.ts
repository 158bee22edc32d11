// Detects a complete ISO BMFF file without a declared length: the seed's
// TUS2 flow PATCHes chunks and never says how many bytes there are, so an MP4
// upload is complete once its top-level boxes end exactly at the received
// length and include both the movie header (moov) and the media (mdat or moof).
import { boxHeader } from "../../media/boxes.ts";

const HEADER_BYTES = 16;

/** Reads `n` bytes at `offset` of an open file. */
async function readAt(file: Deno.FsFile, offset: number, n: number): Promise<Uint8Array> {
  await file.seek(offset, Deno.SeekMode.Start);
  const buf = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const r = await file.read(buf.subarray(got));
    if (r === null) break;
    got += r;
  }
  return buf.subarray(0, got);
}

/** True when the `size` bytes of `path` form a whole ISO BMFF file (ISO/IEC 14496-12 §4.2). */
export async function isCompleteMp4(path: string, size: number): Promise<boolean> {
  const file = await Deno.open(path, { read: true });
  try {
    let at = 0;
    const seen = new Set<string>();
    while (at < size) {
      const box = boxHeader(await readAt(file, at, HEADER_BYTES), 0);
      if (box === undefined || box.end === Number.POSITIVE_INFINITY || box.end < box.payload) {
        return false;
      }
      seen.add(box.type);
      at += box.end;
    }
    return at === size && seen.has("moov") && (seen.has("mdat") || seen.has("moof"));
  } finally {
    file.close();
  }
}
