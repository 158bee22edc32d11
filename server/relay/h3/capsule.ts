import { ByteReader, TruncatedError } from "./reader.ts";
import { decodeVarint, varintSize, writeVarint } from "./varint.ts";

/** Capsule types WebTransport sessions use (RFC 9297 §3.2, draft-ietf-webtrans-http3 §9.6). */
export const CapsuleType = {
  /** RFC 9297 §3.5 */
  DATAGRAM: 0x00,
  /** draft-ietf-webtrans-http3 §6: WT_CLOSE_SESSION */
  CLOSE_WEBTRANSPORT_SESSION: 0x2843,
  /** draft-ietf-webtrans-http3 §4.6: WT_DRAIN_SESSION */
  DRAIN_WEBTRANSPORT_SESSION: 0x78ae,
} as const;

/** One capsule: Type (i), Length (i), Value (RFC 9297 §3.2). */
export interface Capsule {
  readonly type: number;
  readonly value: Uint8Array;
}

/** Close info carried by WT_CLOSE_SESSION. */
export interface CloseSessionInfo {
  /** Application Error Code (32). */
  readonly closeCode: number;
  /** Application Error Message, UTF-8, at most 1024 bytes. */
  readonly reason: string;
}

/** Largest close message in bytes (draft-ietf-webtrans-http3 §6). */
export const MAX_CLOSE_REASON_BYTES = 1024;

/** Encodes one capsule (RFC 9297 §3.2). */
export function encodeCapsule(type: number, value: Uint8Array): Uint8Array {
  const size = varintSize(type) + varintSize(value.length) + value.length;
  const out = new Uint8Array(size);
  let offset = writeVarint(out, 0, type); // Capsule Type (i)
  offset = writeVarint(out, offset, value.length); // Capsule Length (i)
  out.set(value, offset); // Capsule Value (..)
  if (offset + value.length !== size) throw new Error("capsule size mismatch");
  return out;
}

/**
 * Decodes one capsule at `offset`. Returns `[capsule, bytesRead]`, or
 * `undefined` if the buffer ends before the capsule does.
 */
export function decodeCapsule(
  bytes: Uint8Array,
  offset = 0,
): readonly [Capsule, number] | undefined {
  const type = decodeVarint(bytes, offset);
  if (!type) return undefined;
  const length = decodeVarint(bytes, offset + type[1]);
  if (!length) return undefined;
  const start = offset + type[1] + length[1];
  if (start + length[0] > bytes.length) return undefined;
  const value = bytes.subarray(start, start + length[0]);
  return [{ type: type[0], value }, start + length[0] - offset];
}

/** Truncates UTF-8 text to at most `maxBytes` bytes on a character boundary. */
export function truncateUtf8(text: string, maxBytes: number): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return bytes;
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // back off continuation bytes
  return bytes.slice(0, end);
}

/** Encodes a WT_CLOSE_SESSION capsule (draft-ietf-webtrans-http3 §6). */
export function encodeCloseSession(info: CloseSessionInfo): Uint8Array {
  const message = truncateUtf8(info.reason, MAX_CLOSE_REASON_BYTES);
  const value = new Uint8Array(4 + message.length);
  new DataView(value.buffer).setUint32(0, info.closeCode >>> 0); // Application Error Code (32)
  value.set(message, 4); // Application Error Message (..8192)
  return encodeCapsule(CapsuleType.CLOSE_WEBTRANSPORT_SESSION, value);
}

/** Decodes a WT_CLOSE_SESSION capsule value; throws if it is malformed. */
export function decodeCloseSession(value: Uint8Array): CloseSessionInfo {
  const reader = new ByteReader(value);
  const closeCode = reader.u32();
  const message = reader.rest();
  if (message.length > MAX_CLOSE_REASON_BYTES) throw new TruncatedError("close reason too long");
  const reason = new TextDecoder("utf-8", { fatal: true }).decode(message);
  return { closeCode, reason };
}
