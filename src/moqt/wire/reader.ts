import { malformed, truncated } from "./errors.ts";

const TEXT_DECODER = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Bounds-checked cursor over a byte buffer. Every read either returns a value or
 * throws a WireDecodeError; `bytes()` returns zero-copy subarrays.
 */
export class WireReader {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  u8(what = "u8"): number {
    if (this.pos >= this.end) throw truncated(this.pos, what);
    return this.buf[this.pos++]!;
  }

  u16(what = "u16"): number {
    if (this.end - this.pos < 2) throw truncated(this.pos, what);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  /** QUIC variable-length integer (RFC 9000 §16). Values above 2^53-1 are refused. */
  varint(what = "varint"): number {
    const start = this.pos;
    if (start >= this.end) throw truncated(start, what);
    const first = this.buf[start]!;
    const len = 1 << (first >> 6);
    if (this.end - start < len) throw truncated(start, what);
    let v = first & 0x3f;
    if (len === 1) {
      this.pos = start + 1;
      return v;
    }
    if (len === 2) {
      this.pos = start + 2;
      return (v << 8) | this.buf[start + 1]!;
    }
    if (len === 4) {
      this.pos = start + 4;
      return (
        ((v << 24) |
          (this.buf[start + 1]! << 16) |
          (this.buf[start + 2]! << 8) |
          this.buf[start + 3]!) >>>
        0
      );
    }
    // 8 bytes: the top 30 bits then the low 32 bits.
    const hi =
      ((v << 24) |
        (this.buf[start + 1]! << 16) |
        (this.buf[start + 2]! << 8) |
        this.buf[start + 3]!) >>>
      0;
    const lo =
      ((this.buf[start + 4]! << 24) |
        (this.buf[start + 5]! << 16) |
        (this.buf[start + 6]! << 8) |
        this.buf[start + 7]!) >>>
      0;
    if (hi > 0x1fffff) throw malformed(start, `${what}: value above 2^53-1 is not supported`);
    this.pos = start + 8;
    v = hi * 0x100000000 + lo;
    return v;
  }

  /** `n` bytes as a zero-copy view. */
  bytes(n: number, what = "bytes"): Uint8Array {
    if (this.end - this.pos < n) throw truncated(this.pos, what);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A varint length then that many bytes; `max` bounds the length (malformed above it). */
  lengthPrefixed(what: string, max = Number.MAX_SAFE_INTEGER): Uint8Array {
    const at = this.pos;
    const n = this.varint(what);
    if (n > max) throw malformed(at, `${what}: length ${n} exceeds maximum ${max}`);
    return this.bytes(n, what);
  }

  /** UTF-8 string with a varint length prefix. */
  string(what: string, maxBytes = Number.MAX_SAFE_INTEGER): string {
    const at = this.pos;
    const raw = this.lengthPrefixed(what, maxBytes);
    try {
      return TEXT_DECODER.decode(raw);
    } catch {
      throw malformed(at, `${what}: invalid UTF-8`);
    }
  }

  /** A Reader over the next `n` bytes; this reader skips past them. */
  sub(n: number, what: string): WireReader {
    if (this.end - this.pos < n) throw truncated(this.pos, what);
    const r = new WireReader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
}
