// ISO BMFF box walking (ISO/IEC 14496-12 §4.2), enough for CMAF headers and fragments.

/** A box found in a byte range: its type and body (after the header). */
export interface BoxView {
  readonly type: string;
  readonly body: Uint8Array;
  /** Offset of the box's first byte within the walked bytes. */
  readonly start: number;
  readonly size: number;
}

/** Malformed or truncated ISO BMFF bytes. */
export class BoxFormatError extends RangeError {
  override name = "BoxFormatError";
}

/** The boxes directly inside `bytes`, in order (§4.2: 32-bit size, or 64-bit when size is 1). */
export function boxes(bytes: Uint8Array): BoxView[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: BoxView[] = [];
  for (let at = 0; at < bytes.byteLength; ) {
    if (at + 8 > bytes.byteLength) throw new BoxFormatError(`truncated box header at ${at}`);
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > bytes.byteLength) throw new BoxFormatError(`truncated box header at ${at}`);
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = bytes.byteLength - at; // extends to the end
    if (size < header || at + size > bytes.byteLength) {
      throw new BoxFormatError(`box at ${at} claims ${size} bytes, ${bytes.byteLength - at} left`);
    }
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    out.push({ type, body: bytes.subarray(at + header, at + size), start: at, size });
    at += size;
  }
  return out;
}

/** The first box of `type` directly inside `bytes`, or a BoxFormatError. */
export function child(bytes: Uint8Array, type: string): BoxView {
  const b = boxes(bytes).find((x) => x.type === type);
  if (b === undefined) throw new BoxFormatError(`missing ${type} box`);
  return b;
}

/** Follows a path of box types (`["moov", "trak", "mdia"]`) from `bytes`. */
export function path(bytes: Uint8Array, types: readonly string[]): BoxView {
  let body = bytes;
  let found: BoxView | undefined;
  for (const t of types) {
    found = child(body, t);
    body = found.body;
  }
  if (found === undefined) throw new BoxFormatError("empty box path");
  return found;
}

/** A DataView over a box body. */
export function dataView(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
