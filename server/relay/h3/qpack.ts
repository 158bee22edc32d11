import { huffmanDecode } from "./huffman.ts";
import { QPACK_STATIC_TABLE } from "./qpack-static.ts";

/**
 * QPACK field sections (RFC 9204) for a peer that was told the dynamic table
 * capacity is 0: decoding handles static references and literals (plain or
 * Huffman-coded); encoding writes static references and plain literals only.
 */

/** One decoded or to-be-encoded field line: [name, value]. */
export type FieldLine = readonly [name: string, value: string];

/** Thrown for a malformed or unsupported field section (H3_QPACK_DECOMPRESSION_FAILED). */
export class QpackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QpackError";
  }
}

/** Cursor for prefixed integers and string literals. */
class FieldReader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  peek(): number {
    if (this.done) throw new QpackError("truncated field section");
    return this.bytes[this.offset]!;
  }

  /** Prefixed integer (RFC 9204 §4.1.1, RFC 7541 §5.1) with an N-bit prefix. */
  int(prefixBits: number): number {
    const max = (1 << prefixBits) - 1;
    let value = this.peek() & max;
    this.offset++;
    if (value < max) return value;
    let shift = 0;
    for (;;) {
      const byte = this.peek();
      this.offset++;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
      if (shift > 49) throw new QpackError("prefixed integer too large");
    }
    if (!Number.isSafeInteger(value)) throw new QpackError("prefixed integer too large");
    return value;
  }

  /** String literal (RFC 9204 §4.1.2): H bit at `1 << prefixBits`, then length. */
  string(prefixBits: number): string {
    const huffman = (this.peek() & (1 << prefixBits)) !== 0;
    const length = this.int(prefixBits);
    if (this.offset + length > this.bytes.length) throw new QpackError("truncated string");
    const raw = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    const bytes = huffman ? huffmanDecode(raw) : raw;
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return text;
  }
}

function staticEntry(index: number): FieldLine {
  const entry = QPACK_STATIC_TABLE[index];
  if (!entry) throw new QpackError(`static index ${index} out of range`);
  return entry;
}

/**
 * Decodes an encoded field section (RFC 9204 §4.5), such as a HEADERS frame
 * payload. Header values are returned as Latin-1 text (one char per byte).
 */
export function decodeFieldSection(bytes: Uint8Array): FieldLine[] {
  const reader = new FieldReader(bytes);
  const requiredInsertCount = reader.int(8); // RFC 9204 §4.5.1.1 Required Insert Count
  reader.int(7); // RFC 9204 §4.5.1.2 Sign bit + Delta Base (meaningless without a table)
  if (requiredInsertCount !== 0) throw new QpackError("dynamic table reference with capacity 0");
  const fields: FieldLine[] = [];
  while (!reader.done) {
    const first = reader.peek();
    if (first & 0x80) {
      // RFC 9204 §4.5.2 Indexed Field Line: 1 T Index(6+)
      if ((first & 0x40) === 0) throw new QpackError("dynamic indexed field line");
      fields.push(staticEntry(reader.int(6)));
    } else if (first & 0x40) {
      // RFC 9204 §4.5.4 Literal Field Line with Name Reference: 01 N T Index(4+)
      if ((first & 0x10) === 0) throw new QpackError("dynamic name reference");
      const [name] = staticEntry(reader.int(4));
      fields.push([name, reader.string(7)]);
    } else if (first & 0x20) {
      // RFC 9204 §4.5.6 Literal Field Line with Literal Name: 001 N H NameLength(3+)
      const name = reader.string(3);
      fields.push([name, reader.string(7)]);
    } else {
      // RFC 9204 §4.5.3 / §4.5.5 post-base forms need a dynamic table
      throw new QpackError("post-base reference with capacity 0");
    }
  }
  return fields;
}

/** Appends a prefixed integer (RFC 7541 §5.1) whose first byte carries `flags`. */
function pushInt(out: number[], flags: number, prefixBits: number, value: number): void {
  const max = (1 << prefixBits) - 1;
  if (value < max) {
    out.push(flags | value);
    return;
  }
  out.push(flags | max);
  let rest = value - max;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

function pushString(out: number[], flags: number, prefixBits: number, text: string): void {
  pushInt(out, flags, prefixBits, text.length); // H bit left 0: plain literal
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new QpackError("field text must be Latin-1");
    out.push(code);
  }
}

/**
 * Encodes field lines without the dynamic table (RFC 9204 §4.5): exact static
 * matches as indexed lines, static names as name references, else literals.
 */
export function encodeFieldSection(fields: readonly FieldLine[]): Uint8Array {
  const out: number[] = [0x00, 0x00]; // RFC 9204 §4.5.1: Required Insert Count 0, Delta Base 0
  for (const [name, value] of fields) {
    let nameIndex = -1;
    let exactIndex = -1;
    QPACK_STATIC_TABLE.forEach(([entryName, entryValue], index) => {
      if (entryName !== name) return;
      if (nameIndex < 0) nameIndex = index;
      if (exactIndex < 0 && entryValue === value) exactIndex = index;
    });
    if (exactIndex >= 0) {
      pushInt(out, 0xc0, 6, exactIndex); // §4.5.2: 1 T=1 Index
    } else if (nameIndex >= 0) {
      pushInt(out, 0x50, 4, nameIndex); // §4.5.4: 01 N=0 T=1 Index
      pushString(out, 0x00, 7, value);
    } else {
      pushString(out, 0x20, 3, name); // §4.5.6: 001 N=0 H=0 NameLength
      pushString(out, 0x00, 7, value);
    }
  }
  return Uint8Array.from(out);
}
