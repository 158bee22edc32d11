// ISO BMFF box reading (ISO/IEC 14496-12 §4.2): just enough to split a
// fragmented MP4 into its init segment and fragments and to time them.

/** One box: its four-character type and where it sits in the buffer. */
export interface Box {
  readonly type: string;
  /** Offset of the box header. */
  readonly start: number;
  /** Offset of the payload (after size, type and any largesize). */
  readonly payload: number;
  /** Offset just past the box. */
  readonly end: number;
}

const ASCII = new TextDecoder("latin1");

/**
 * The box header at `offset`, or undefined when fewer header bytes are present.
 * `end` may lie past the buffer (a box not yet fully received).
 */
export function boxHeader(bytes: Uint8Array, offset: number): Box | undefined {
  if (offset + 8 > bytes.byteLength) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size32 = view.getUint32(offset);
  const type = ASCII.decode(bytes.subarray(offset + 4, offset + 8));
  if (size32 === 1) {
    if (offset + 16 > bytes.byteLength) return undefined;
    const size = Number(view.getBigUint64(offset + 8));
    return { type, start: offset, payload: offset + 16, end: offset + size };
  }
  // size 0: the box extends to the end of the file (§4.2).
  const end = size32 === 0 ? Number.POSITIVE_INFINITY : offset + size32;
  return { type, start: offset, payload: offset + 8, end };
}

/** The complete child boxes of `bytes[from, to)`; throws on a box that overruns its parent. */
export function children(bytes: Uint8Array, from: number, to: number): Box[] {
  const out: Box[] = [];
  let at = from;
  while (at < to) {
    const box = boxHeader(bytes, at);
    if (box === undefined || box.end > to || box.end < box.payload) {
      throw new RangeError(`malformed box at byte ${at}`);
    }
    out.push(box);
    at = box.end;
  }
  return out;
}

/** The first box found along `path` (e.g. ["moov", "trak", "mdia"]) inside `parent`'s payload. */
export function find(bytes: Uint8Array, parent: Box, path: readonly string[]): Box | undefined {
  let box: Box | undefined = parent;
  for (const type of path) {
    if (box === undefined) return undefined;
    box = children(bytes, box.payload, box.end).find((b) => b.type === type);
  }
  return box;
}

/** A DataView over `bytes` for big-endian field reads. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The whole buffer as a pseudo-box, to search its top level with `find`. */
export function root(bytes: Uint8Array): Box {
  return { type: "", start: 0, payload: 0, end: bytes.byteLength };
}
