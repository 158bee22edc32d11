// The byte-level pieces of QMux frames (qmux-02 §"QMux Records", §"QUIC Frames",
// RFC 9000 §16 varints, §19 frame layouts): a bounds-checked reader, and the
// frame type codes, including the 8-byte QMux-only ones compared exactly.
import { malformed } from "./qmux-error.ts";

/** The wire formats a QMux subprotocol token selects (qmux-02 §"Protocol Negotiation"). */
export type WireVersion = "qmux-02" | "qmux-01" | "qmux-00" | "webtransport";

/** Whether frames travel in QMux Records (qmux-01 and later, §"QMux Records"). */
export const usesRecords = (v: WireVersion): boolean => v === "qmux-02" || v === "qmux-01";

/** RFC 9000 §19 frame types QMux permits (qmux-02 §"QUIC Frames"), plus RFC 9221 DATAGRAM. */
export const FrameType = {
  PADDING: 0x00,
  RESET_STREAM: 0x04,
  STOP_SENDING: 0x05,
  /** 0x08..0x0f: bit 0x04 OFF, 0x02 LEN, 0x01 FIN (RFC 9000 §19.8). */
  STREAM: 0x08,
  MAX_DATA: 0x10,
  MAX_STREAM_DATA: 0x11,
  MAX_STREAMS_BIDI: 0x12,
  MAX_STREAMS_UNI: 0x13,
  DATA_BLOCKED: 0x14,
  STREAM_DATA_BLOCKED: 0x15,
  STREAMS_BLOCKED_BIDI: 0x16,
  STREAMS_BLOCKED_UNI: 0x17,
  CONNECTION_CLOSE: 0x1c,
  APPLICATION_CLOSE: 0x1d,
  /** RFC 9221 §4: 0x30 without Length, 0x31 with. */
  DATAGRAM: 0x30,
  DATAGRAM_LEN: 0x31,
} as const;

/** qmux-02 §"QX_TRANSPORT_PARAMETERS Frames": "\xffQMX\r\n\r\n" on the wire. */
export const QX_TRANSPORT_PARAMETERS = 0x3f5153300d0a0d0an;
/** qmux-02 §"QX_PING Frames": request, and response. */
export const QX_PING_REQUEST = 0x348c67529ef8c7bdn;
export const QX_PING_RESPONSE = 0x348c67529ef8c7ben;

/** The largest stream count (RFC 9000 §19.11: 2^60). */
export const MAX_STREAMS_LIMIT = 1n << 60n;

/** A cursor over one record (or legacy message); every read is bounds-checked. */
export class WireReader {
  constructor(
    readonly bytes: Uint8Array,
    public offset = 0,
    /** The frame being read, for CONNECTION_CLOSE's Frame Type field. */
    public frameType = 0,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** A varint as a number (RFC 9000 §16); 8-byte values above 2^53 round, which no check relies on. */
  varint(): number {
    const b = this.bytes;
    const at = this.offset;
    if (at >= b.length) malformed("frame truncated", this.frameType);
    const first = b[at]!;
    const size = 1 << (first >>> 6);
    if (at + size > b.length) malformed("frame truncated", this.frameType);
    let v = first & 0x3f;
    for (let i = 1; i < size; i++) v = v * 256 + b[at + i]!;
    this.offset = at + size;
    return v;
  }

  /** A varint exactly: a number up to 4 bytes, a bigint when 8 (frame types, parameter ids). */
  exactVarint(): number | bigint {
    const at = this.offset;
    if (at < this.bytes.length && this.bytes[at]! >= 0xc0) {
      if (at + 8 > this.bytes.length) malformed("frame truncated", this.frameType);
      const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + at, 8);
      this.offset = at + 8;
      return view.getBigUint64(0) & 0x3fffffffffffffffn;
    }
    return this.varint();
  }

  /** `length` bytes as a view (no copy). */
  take(length: number): Uint8Array {
    if (length > this.remaining) malformed("frame truncated", this.frameType);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  /** The rest of the record (frames that run to the record's end). */
  rest(): Uint8Array {
    return this.take(this.remaining);
  }
}

/** Bytes of the varint encoding of `v` (RFC 9000 §16), for values below 2^53. */
export function varintSize(v: number): number {
  return v < 0x40 ? 1 : v < 0x4000 ? 2 : v < 0x40000000 ? 4 : 8;
}

/** Writes varint `v` at `at` of `out` (room already checked); returns the offset after it. */
export function putVarint(out: Uint8Array, at: number, v: number): number {
  if (v < 0x40) {
    out[at] = v;
    return at + 1;
  }
  if (v < 0x4000) {
    out[at] = 0x40 | (v >>> 8);
    out[at + 1] = v & 0xff;
    return at + 2;
  }
  if (v < 0x40000000) {
    out[at] = 0x80 | (v >>> 24);
    out[at + 1] = (v >>> 16) & 0xff;
    out[at + 2] = (v >>> 8) & 0xff;
    out[at + 3] = v & 0xff;
    return at + 4;
  }
  const high = Math.floor(v / 0x100000000);
  const low = v >>> 0;
  out[at] = 0xc0 | (high >>> 24);
  out[at + 1] = (high >>> 16) & 0xff;
  out[at + 2] = (high >>> 8) & 0xff;
  out[at + 3] = high & 0xff;
  out[at + 4] = low >>> 24;
  out[at + 5] = (low >>> 16) & 0xff;
  out[at + 6] = (low >>> 8) & 0xff;
  out[at + 7] = low & 0xff;
  return at + 8;
}

/** Writes an 8-byte varint `v` (the QMux-only frame types) at `at`. */
export function putVarint8(out: Uint8Array, at: number, v: bigint): number {
  new DataView(out.buffer, out.byteOffset + at, 8).setBigUint64(0, v | (3n << 62n));
  return at + 8;
}

/** Concatenates small encoded pieces built by `put` into a new array of `size` bytes. */
export function build(size: number, put: (out: Uint8Array) => number): Uint8Array {
  const out = new Uint8Array(size);
  const end = put(out);
  return end === size ? out : out.subarray(0, end);
}
