// SRT handshake packets (draft-sharabayko-srt-01 §3.2.1 "Handshake", §4.3
// "Handshake Messages"): enough to answer a caller's induction, read the
// Stream ID of its conclusion, and refuse it, before any media is accepted.

/** Handshake Type values (§3.2.1). */
export const HandshakeType = { Induction: 1, Conclusion: 0xffffffff } as const;
/** §3.2.1: the Extension Field a listener's induction response carries (the SRT magic). */
export const SRT_MAGIC = 0x4a17;
/** §3.2.1.3: the Stream ID extension (SRT_CMD_SID). */
const EXT_SID = 5;
/** Handshake Type of a rejection: 1000 + the reject reason (§3.2.1, Table 7). */
const REJECTION_BASE = 1000;
/** The access-control reject reason "forbidden" (predefined 1000 + HTTP 403). */
export const REJECT_FORBIDDEN = 1403;

const HEADER_BYTES = 16;
const CIF_BYTES = 48;

/** The fields of a handshake this ingest reads. */
export interface Handshake {
  readonly version: number;
  readonly type: number;
  /** The sender's SRT Socket ID. */
  readonly socketId: number;
  readonly cookie: number;
  /** The Stream ID extension of a caller's conclusion, if any. */
  readonly streamId: string | undefined;
}

/** True when `packet` is a control packet of type HANDSHAKE (§3.2: F=1, type 0). */
export function isHandshake(packet: Uint8Array): boolean {
  return packet.byteLength >= HEADER_BYTES + CIF_BYTES && packet[0] === 0x80 && packet[1] === 0;
}

export function parseHandshake(packet: Uint8Array): Handshake {
  const v = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  let streamId: string | undefined;
  for (let at = HEADER_BYTES + CIF_BYTES; at + 4 <= packet.byteLength; ) {
    const type = v.getUint16(at);
    const bytes = v.getUint16(at + 2) * 4;
    if (at + 4 + bytes > packet.byteLength) break;
    if (type === EXT_SID) streamId = decodeStreamId(packet.subarray(at + 4, at + 4 + bytes));
    at += 4 + bytes;
  }
  return {
    version: v.getUint32(HEADER_BYTES),
    type: v.getUint32(HEADER_BYTES + 20),
    socketId: v.getUint32(HEADER_BYTES + 24),
    cookie: v.getUint32(HEADER_BYTES + 28),
    streamId,
  };
}

/** §3.2.1.3: the Stream ID travels as 32-bit words in little-endian order, zero-padded. */
function decodeStreamId(words: Uint8Array): string {
  const out = new Uint8Array(words.byteLength);
  for (let i = 0; i < words.byteLength; i += 4) {
    out.set(words.slice(i, i + 4).reverse(), i);
  }
  const end = out.indexOf(0);
  return new TextDecoder().decode(end === -1 ? out : out.subarray(0, end));
}

/**
 * A copy of the caller's handshake `request` turned into a listener's reply to
 * its socket: the given Handshake Type, version and extension field, the SYN cookie.
 */
export function replyTo(
  request: Uint8Array,
  reply: { type: number; version: number; extension: number; socketId: number; cookie: number },
): Uint8Array {
  const out = request.slice(0, HEADER_BYTES + CIF_BYTES);
  const v = new DataView(out.buffer);
  const caller = v.getUint32(HEADER_BYTES + 24);
  v.setUint32(12, caller); // Destination Socket ID
  v.setUint32(HEADER_BYTES, reply.version);
  v.setUint16(HEADER_BYTES + 4, 0); // Encryption Field
  v.setUint16(HEADER_BYTES + 6, reply.extension);
  v.setUint32(HEADER_BYTES + 20, reply.type);
  v.setUint32(HEADER_BYTES + 24, reply.socketId);
  v.setUint32(HEADER_BYTES + 28, reply.cookie);
  return out;
}

/** The listener's induction response (§4.3.1.1). */
export function inductionResponse(
  request: Uint8Array,
  socketId: number,
  cookie: number,
): Uint8Array {
  return replyTo(request, {
    type: HandshakeType.Induction,
    version: 5,
    extension: SRT_MAGIC,
    socketId,
    cookie,
  });
}

/** A rejection of the caller's conclusion with `reason` (e.g. `REJECT_FORBIDDEN`). */
export function rejection(request: Uint8Array, socketId: number, reason: number): Uint8Array {
  return replyTo(request, {
    type: REJECTION_BASE + reason,
    version: 5,
    extension: 0,
    socketId,
    cookie: 0,
  });
}

/** A caller's induction request (§4.3.1.1: version 4, extension 2) sent on behalf of `request`'s caller. */
export function inductionRequest(request: Uint8Array): Uint8Array {
  const out = request.slice(0, HEADER_BYTES + CIF_BYTES);
  const v = new DataView(out.buffer);
  v.setUint32(12, 0);
  v.setUint32(HEADER_BYTES, 4);
  v.setUint16(HEADER_BYTES + 4, 0);
  v.setUint16(HEADER_BYTES + 6, 2);
  v.setUint32(HEADER_BYTES + 20, HandshakeType.Induction);
  v.setUint32(HEADER_BYTES + 28, 0);
  return out;
}

/** `packet` (a handshake) with its SYN Cookie replaced, in place. */
export function withCookie(packet: Uint8Array, cookie: number): Uint8Array {
  new DataView(packet.buffer, packet.byteOffset, packet.byteLength).setUint32(
    HEADER_BYTES + 28,
    cookie,
  );
  return packet;
}
