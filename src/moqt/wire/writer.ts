import { WireEncodeError } from "./errors.ts";

const TEXT_ENCODER = new TextEncoder();

/** Largest value a QUIC varint can hold that a JS number represents exactly. */
export const MAX_VARINT = Number.MAX_SAFE_INTEGER;

/** Encoded size of a QUIC varint (RFC 9000 §16). */
export function varintSize(v: number): number {
  if (v < 0x40) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x40000000) return 4;
  return 8;
}

export function checkVarint(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > MAX_VARINT) {
    throw new WireEncodeError(`${what}: ${v} is not an integer in 0..2^53-1`);
  }
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Writes into a buffer sized up front. Encoders compute the exact size first,
 * then write; `finish()` asserts both agree.
 */
export class WireWriter {
  readonly buf: Uint8Array;
  pos: number;

  constructor(sizeOrBuf: number | Uint8Array, pos = 0) {
    this.buf = typeof sizeOrBuf === "number" ? new Uint8Array(sizeOrBuf) : sizeOrBuf;
    this.pos = pos;
  }

  u8(v: number, what = "u8"): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) {
      throw new WireEncodeError(`${what}: ${v} is not in 0..255`);
    }
    this.buf[this.pos++] = v;
  }

  u16(v: number, what = "u16"): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) {
      throw new WireEncodeError(`${what}: ${v} is not in 0..65535`);
    }
    this.buf[this.pos++] = v >> 8;
    this.buf[this.pos++] = v & 0xff;
  }

  varint(v: number, what = "varint"): void {
    checkVarint(v, what);
    const b = this.buf;
    let p = this.pos;
    if (v < 0x40) {
      b[p++] = v;
    } else if (v < 0x4000) {
      b[p++] = 0x40 | (v >> 8);
      b[p++] = v & 0xff;
    } else if (v < 0x40000000) {
      b[p++] = 0x80 | (v >>> 24);
      b[p++] = (v >>> 16) & 0xff;
      b[p++] = (v >>> 8) & 0xff;
      b[p++] = v & 0xff;
    } else {
      const hi = Math.floor(v / 0x100000000);
      const lo = v >>> 0;
      b[p++] = 0xc0 | (hi >>> 24);
      b[p++] = (hi >>> 16) & 0xff;
      b[p++] = (hi >>> 8) & 0xff;
      b[p++] = hi & 0xff;
      b[p++] = lo >>> 24;
      b[p++] = (lo >>> 16) & 0xff;
      b[p++] = (lo >>> 8) & 0xff;
      b[p++] = lo & 0xff;
    }
    this.pos = p;
  }

  bytes(src: Uint8Array): void {
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  lengthPrefixed(src: Uint8Array, what: string): void {
    this.varint(src.length, what);
    this.bytes(src);
  }

  string(s: string, what: string): void {
    const n = utf8Length(s);
    this.varint(n, what);
    const { written } = TEXT_ENCODER.encodeInto(s, this.buf.subarray(this.pos, this.pos + n));
    if (written !== n) throw new WireEncodeError(`${what}: UTF-8 length mismatch`);
    this.pos += n;
  }

  /** The written bytes; throws if the writer did not fill exactly what was sized. */
  finish(what: string, expectedEnd = this.buf.length): Uint8Array {
    if (this.pos !== expectedEnd) {
      throw new WireEncodeError(`${what}: wrote ${this.pos} bytes but sized ${expectedEnd}`);
    }
    return this.buf;
  }
}
