import { decodeVarint } from "./varint.ts";

/** Thrown by {@link ByteReader} when a field runs past the end of its input. */
export class TruncatedError extends Error {
  constructor(what: string) {
    super(`truncated ${what}`);
    this.name = "TruncatedError";
  }
}

/** A cursor over a byte array for synchronous decoding of wire fields. */
export class ByteReader {
  /** Current read offset into {@link bytes}. */
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    offset = 0,
  ) {
    this.offset = offset;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Reads a QUIC varint (RFC 9000 §16). */
  varint(): number {
    const decoded = decodeVarint(this.bytes, this.offset);
    if (!decoded) throw new TruncatedError("varint");
    this.offset += decoded[1];
    return decoded[0];
  }

  /** Reads one byte. */
  u8(): number {
    if (this.offset >= this.bytes.length) throw new TruncatedError("u8");
    return this.bytes[this.offset++]!;
  }

  /** Reads a big-endian unsigned 32-bit integer. */
  u32(): number {
    if (this.remaining < 4) throw new TruncatedError("u32");
    const b = this.bytes;
    const o = this.offset;
    this.offset += 4;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }

  /** Returns a view of the next `length` bytes (no copy). */
  take(length: number): Uint8Array {
    if (length < 0 || length > this.remaining) throw new TruncatedError(`${length} bytes`);
    const view = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return view;
  }

  /** Returns a view of all remaining bytes (no copy). */
  rest(): Uint8Array {
    return this.take(this.remaining);
  }
}

/** Concatenates byte arrays into one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
