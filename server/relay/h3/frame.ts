import { ByteReader } from "./reader.ts";
import { decodeVarint, varintSize, writeVarint } from "./varint.ts";

/** HTTP/3 frame types this layer reads or writes (RFC 9114 §7.2). */
export const FrameType = {
  /** RFC 9114 §7.2.1 */
  DATA: 0x00,
  /** RFC 9114 §7.2.2 */
  HEADERS: 0x01,
  /** RFC 9114 §7.2.4 */
  SETTINGS: 0x04,
  /** RFC 9114 §7.2.6 */
  GOAWAY: 0x07,
  /** draft-ietf-webtrans-http3 §4.3: WT_STREAM signal, no length field follows. */
  WT_STREAM: 0x41,
} as const;

/** HTTP/3 unidirectional stream types (RFC 9114 §6.2, RFC 9204 §4.2). */
export const UniStreamType = {
  /** RFC 9114 §6.2.1 */
  CONTROL: 0x00,
  /** RFC 9114 §6.2.2 */
  PUSH: 0x01,
  /** RFC 9204 §4.2 */
  QPACK_ENCODER: 0x02,
  /** RFC 9204 §4.2 */
  QPACK_DECODER: 0x03,
  /** draft-ietf-webtrans-http3 §4.2 */
  WEBTRANSPORT: 0x54,
} as const;

/** Header of one HTTP/3 frame: its type and payload length. */
export interface FrameHeader {
  readonly type: number;
  readonly length: number;
  /** Bytes taken by the type and length varints. */
  readonly headerSize: number;
}

/** Encodes a whole frame: Type (i), Length (i), Payload (RFC 9114 §7.1). */
export function encodeFrame(type: number, payload: Uint8Array): Uint8Array {
  const size = varintSize(type) + varintSize(payload.length) + payload.length;
  const out = new Uint8Array(size);
  let offset = writeVarint(out, 0, type); // RFC 9114 §7.1 Type
  offset = writeVarint(out, offset, payload.length); // RFC 9114 §7.1 Length
  out.set(payload, offset);
  if (offset + payload.length !== size) throw new Error("frame size mismatch");
  return out;
}

/** Decodes a frame header at `offset`, or `undefined` if more bytes are needed. */
export function decodeFrameHeader(bytes: Uint8Array, offset = 0): FrameHeader | undefined {
  const type = decodeVarint(bytes, offset);
  if (!type) return undefined;
  const length = decodeVarint(bytes, offset + type[1]);
  if (!length) return undefined;
  return { type: type[0], length: length[0], headerSize: type[1] + length[1] };
}

/** Decodes a GOAWAY payload: Stream ID / Push ID (i) (RFC 9114 §7.2.6). */
export function decodeGoaway(payload: Uint8Array): number {
  const reader = new ByteReader(payload);
  const id = reader.varint();
  if (reader.remaining !== 0) throw new Error("GOAWAY has trailing bytes");
  return id;
}
