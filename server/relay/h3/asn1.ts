/**
 * A minimal DER writer (ITU-T X.690 §8, §10): just the types an X.509
 * certificate needs. Every function returns one complete TLV.
 */

/** DER universal and context tags used by X.509 (X.680 §8.4). */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Encodes a DER length (X.690 §8.1.3: short form below 128, else long form). */
export function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One TLV: tag, DER length, content. */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of content) size += part.length;
  const length = derLength(size);
  const out = new Uint8Array(1 + length.length + size);
  out[0] = tag;
  out.set(length, 1);
  let offset = 1 + length.length;
  for (const part of content) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** SEQUENCE of already-encoded elements (X.690 §8.9). */
export function sequence(...items: Uint8Array[]): Uint8Array {
  return tlv(Tag.SEQUENCE, ...items);
}

/** SET of already-encoded elements (X.690 §8.11); callers pass DER order. */
export function set(...items: Uint8Array[]): Uint8Array {
  return tlv(Tag.SET, ...items);
}

/**
 * INTEGER from unsigned big-endian bytes (X.690 §8.3): leading zeros are
 * stripped and one zero is added when the high bit is set, so it stays positive.
 */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const pad = trimmed.length === 0 || (trimmed[0]! & 0x80) !== 0;
  return pad ? tlv(Tag.INTEGER, Uint8Array.of(0), trimmed) : tlv(Tag.INTEGER, trimmed);
}

/** INTEGER for a small non-negative number. */
export function smallInteger(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return unsignedInteger(Uint8Array.from(bytes.length ? bytes : [0]));
}

/** BOOLEAN (X.690 §11.1: TRUE is 0xff in DER). */
export function boolean(value: boolean): Uint8Array {
  return tlv(Tag.BOOLEAN, Uint8Array.of(value ? 0xff : 0x00));
}

/** OBJECT IDENTIFIER from dotted text (X.690 §8.19). */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0)) {
    throw new RangeError(`bad OID ${dotted}`);
  }
  const out: number[] = [];
  const push = (arc: number) => {
    const groups = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) {
      groups.unshift(0x80 | (n & 0x7f));
    }
    out.push(...groups);
  };
  push(arcs[0]! * 40 + arcs[1]!); // X.690 §8.19.4: first two arcs share one subidentifier
  for (const arc of arcs.slice(2)) push(arc);
  return tlv(Tag.OID, Uint8Array.from(out));
}

/** BIT STRING with no unused bits (X.690 §8.6). */
export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return tlv(Tag.BIT_STRING, Uint8Array.of(unusedBits), bytes);
}

/** OCTET STRING (X.690 §8.7). */
export function octetString(bytes: Uint8Array): Uint8Array {
  return tlv(Tag.OCTET_STRING, bytes);
}

/** UTF8String (X.680 §41). */
export function utf8String(text: string): Uint8Array {
  return tlv(Tag.UTF8_STRING, new TextEncoder().encode(text));
}

/**
 * X.509 Time (RFC 5280 §4.1.2.5): UTCTime YYMMDDHHMMSSZ before 2050,
 * GeneralizedTime YYYYMMDDHHMMSSZ from 2050 on.
 */
export function time(date: Date): Uint8Array {
  const pad = (n: number) => String(n).padStart(2, "0");
  const year = date.getUTCFullYear();
  const rest =
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    "Z";
  const ascii = new TextEncoder();
  if (year >= 1950 && year < 2050) {
    return tlv(Tag.UTC_TIME, ascii.encode(pad(year % 100) + rest));
  }
  return tlv(Tag.GENERALIZED_TIME, ascii.encode(String(year).padStart(4, "0") + rest));
}

/** Context-specific constructed tag `[n]` wrapping encoded content (EXPLICIT). */
export function explicit(n: number, ...content: Uint8Array[]): Uint8Array {
  return tlv(0xa0 | n, ...content);
}

/** Context-specific primitive tag `[n]` with raw content (IMPLICIT). */
export function implicit(n: number, content: Uint8Array): Uint8Array {
  return tlv(0x80 | n, content);
}
