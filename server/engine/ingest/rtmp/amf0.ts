// AMF0 (Action Message Format 0), the encoding of RTMP command messages:
// numbers, booleans, strings, objects, null, ECMA arrays, strict arrays.

/** An AMF0 value as JavaScript holds it. */
export type Amf0Value =
  | number
  | boolean
  | string
  | null
  | undefined
  | Amf0Value[]
  | { [key: string]: Amf0Value };

const MARKER = {
  number: 0x00,
  boolean: 0x01,
  string: 0x02,
  object: 0x03,
  null: 0x05,
  undefined: 0x06,
  ecmaArray: 0x08,
  objectEnd: 0x09,
  strictArray: 0x0a,
  date: 0x0b,
  longString: 0x0c,
} as const;

const UTF8 = new TextDecoder();
const ENC = new TextEncoder();

class Reader {
  at = 0;
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(n: number): void {
    if (this.at + n > this.bytes.byteLength) throw new RangeError("AMF0 value truncated");
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.at++]!;
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.at);
    this.at += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.at);
    this.at += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.at);
    this.at += 8;
    return v;
  }

  utf8(n: number): string {
    this.need(n);
    const s = UTF8.decode(this.bytes.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }

  properties(): Record<string, Amf0Value> {
    const out: Record<string, Amf0Value> = {};
    for (;;) {
      const key = this.utf8(this.u16());
      if (key === "" && this.bytes[this.at] === MARKER.objectEnd) {
        this.at++;
        return out;
      }
      out[key] = this.value();
    }
  }

  value(): Amf0Value {
    const marker = this.u8();
    switch (marker) {
      case MARKER.number:
        return this.f64();
      case MARKER.boolean:
        return this.u8() !== 0;
      case MARKER.string:
        return this.utf8(this.u16());
      case MARKER.longString:
        return this.utf8(this.u32());
      case MARKER.object:
        return this.properties();
      case MARKER.null:
        return null;
      case MARKER.undefined:
        return undefined;
      case MARKER.ecmaArray:
        this.u32(); // associative count, not reliable
        return this.properties();
      case MARKER.strictArray: {
        const n = this.u32();
        return Array.from({ length: n }, () => this.value());
      }
      case MARKER.date: {
        const ms = this.f64();
        this.u16(); // time zone, unused
        return ms;
      }
      default:
        throw new RangeError(`AMF0 marker 0x${marker.toString(16)} not supported`);
    }
  }
}

/** Every AMF0 value in `bytes`, in order; throws RangeError on malformed input. */
export function decodeAmf0(bytes: Uint8Array): Amf0Value[] {
  const r = new Reader(bytes);
  const out: Amf0Value[] = [];
  while (r.at < bytes.byteLength) out.push(r.value());
  return out;
}

function pushString(out: number[], s: string): void {
  const b = ENC.encode(s);
  out.push(b.byteLength >> 8, b.byteLength & 0xff, ...b);
}

function encodeOne(out: number[], v: Amf0Value): void {
  if (typeof v === "number") {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v);
    out.push(MARKER.number, ...b);
  } else if (typeof v === "boolean") {
    out.push(MARKER.boolean, v ? 1 : 0);
  } else if (typeof v === "string") {
    out.push(MARKER.string);
    pushString(out, v);
  } else if (v === null) {
    out.push(MARKER.null);
  } else if (v === undefined) {
    out.push(MARKER.undefined);
  } else if (Array.isArray(v)) {
    out.push(MARKER.strictArray, 0, 0, (v.length >> 8) & 0xff, v.length & 0xff);
    for (const x of v) encodeOne(out, x);
  } else {
    out.push(MARKER.object);
    for (const [k, x] of Object.entries(v)) {
      pushString(out, k);
      encodeOne(out, x);
    }
    out.push(0, 0, MARKER.objectEnd);
  }
}

/** The AMF0 encoding of `values`, one after another. */
export function encodeAmf0(...values: Amf0Value[]): Uint8Array {
  const out: number[] = [];
  for (const v of values) encodeOne(out, v);
  return Uint8Array.from(out);
}
