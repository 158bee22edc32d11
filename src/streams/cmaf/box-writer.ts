// ISO BMFF box assembly (ISO/IEC 14496-12 §4.2): size(u32) + type(4CC) + body.
// Boxes are built as byte arrays and concatenated; fragments are small, so the
// one copy per level is cheaper than sizing everything up front.

/** Bytes of a box body, in order. */
export type BoxPart = Uint8Array | readonly BoxPart[];

function flatten(parts: readonly BoxPart[], out: Uint8Array[]): number {
  let n = 0;
  for (const p of parts) {
    if (p instanceof Uint8Array) {
      out.push(p);
      n += p.byteLength;
    } else n += flatten(p, out);
  }
  return n;
}

/** Concatenates parts into one array. */
export function concat(...parts: BoxPart[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const size = flatten(parts, chunks);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A plain box: size, four-character type, body (§4.2). */
export function box(type: string, ...body: BoxPart[]): Uint8Array {
  const payload = concat(...body);
  const out = new Uint8Array(8 + payload.byteLength);
  new DataView(out.buffer).setUint32(0, out.byteLength);
  out.set(fourCc(type), 4);
  out.set(payload, 8);
  return out;
}

/** A full box: a plain box whose body starts with version(u8) and flags(u24) (§4.2). */
export function fullBox(type: string, version: number, flags: number, ...body: BoxPart[]) {
  return box(type, u8(version), u24(flags), ...body);
}

export function fourCc(type: string): Uint8Array {
  if (type.length !== 4) throw new RangeError(`box type must be 4 characters: ${type}`);
  return Uint8Array.from(type, (c) => c.charCodeAt(0));
}

export const u8 = (v: number) => Uint8Array.of(v & 0xff);
export const u16 = (v: number) => Uint8Array.of((v >>> 8) & 0xff, v & 0xff);
export const u24 = (v: number) => Uint8Array.of((v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);

export function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0);
  return b;
}

export function u64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(Math.floor(v)));
  return b;
}

export const zeros = (n: number) => new Uint8Array(n);
