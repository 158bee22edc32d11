/**
 * QUIC variable-length integers (RFC 9000 §16), used by every HTTP/3 and
 * WebTransport field on the wire. Values are `number`: encoding refuses
 * anything above 2^53-1; decoding rounds such values (peers send them only as
 * reserved GREASE codepoints, which are skipped, or as lengths and ids that
 * fail the bounds checks anyway).
 */

/** Largest value a QUIC varint can carry (2^62-1), as a bigint. */
export const VARINT_MAX = (1n << 62n) - 1n;

/** Number of bytes the varint encoding of `value` takes (1, 2, 4 or 8). */
export function varintSize(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`bad varint ${value}`);
  if (value < 0x40) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x40000000) return 4;
  return 8;
}

/** Writes `value` at `offset` of `out`; returns the offset after it. */
export function writeVarint(out: Uint8Array, offset: number, value: number): number {
  const size = varintSize(value);
  if (offset + size > out.length) throw new RangeError("varint does not fit");
  if (size === 1) {
    out[offset] = value; // RFC 9000 §16: 2-bit prefix 00
  } else if (size === 2) {
    out[offset] = 0x40 | (value >>> 8); // prefix 01
    out[offset + 1] = value & 0xff;
  } else if (size === 4) {
    out[offset] = 0x80 | (value >>> 24); // prefix 10
    out[offset + 1] = (value >>> 16) & 0xff;
    out[offset + 2] = (value >>> 8) & 0xff;
    out[offset + 3] = value & 0xff;
  } else {
    const high = Math.floor(value / 0x100000000);
    const low = value >>> 0;
    out[offset] = 0xc0 | (high >>> 24); // prefix 11
    out[offset + 1] = (high >>> 16) & 0xff;
    out[offset + 2] = (high >>> 8) & 0xff;
    out[offset + 3] = high & 0xff;
    out[offset + 4] = low >>> 24;
    out[offset + 5] = (low >>> 16) & 0xff;
    out[offset + 6] = (low >>> 8) & 0xff;
    out[offset + 7] = low & 0xff;
  }
  return offset + size;
}

/** Encodes `value` as a standalone varint. */
export function encodeVarint(value: number): Uint8Array {
  const out = new Uint8Array(varintSize(value));
  writeVarint(out, 0, value);
  return out;
}

/** Length of a varint given its first byte (RFC 9000 §16: the 2 high bits). */
export function varintLengthFromFirstByte(first: number): number {
  return 1 << (first >>> 6);
}

/**
 * Decodes a varint at `offset`. Returns `[value, bytesRead]`, or `undefined`
 * when `bytes` ends before the varint does. Values above 2^53-1 are rounded.
 */
export function decodeVarint(
  bytes: Uint8Array,
  offset = 0,
): readonly [value: number, bytesRead: number] | undefined {
  if (offset >= bytes.length) return undefined;
  const first = bytes[offset]!;
  const size = varintLengthFromFirstByte(first);
  if (offset + size > bytes.length) return undefined;
  let value = first & 0x3f;
  for (let i = 1; i < size; i++) value = value * 256 + bytes[offset + i]!;
  return [value, size];
}
