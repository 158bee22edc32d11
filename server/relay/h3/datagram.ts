import { decodeVarint, varintSize, writeVarint } from "./varint.ts";

/**
 * HTTP Datagrams in QUIC DATAGRAM frames (RFC 9297 §2.1): a Quarter Stream
 * ID naming the CONNECT stream, then the payload.
 */

/** Prefixes `payload` with the quarter stream id of session `sessionId`. */
export function encodeDatagram(sessionId: number, payload: Uint8Array): Uint8Array {
  const quarter = sessionId / 4; // RFC 9297 §2.1 Quarter Stream ID (i)
  if (!Number.isInteger(quarter)) throw new RangeError("session id must be a multiple of 4");
  const headerSize = varintSize(quarter);
  const out = new Uint8Array(headerSize + payload.length);
  writeVarint(out, 0, quarter);
  out.set(payload, headerSize); // RFC 9297 §2.1 HTTP Datagram Payload (..)
  return out;
}

/** Splits a QUIC datagram into its session id and payload, or `undefined` if empty. */
export function decodeDatagram(
  datagram: Uint8Array,
): { readonly sessionId: number; readonly payload: Uint8Array } | undefined {
  const quarter = decodeVarint(datagram);
  if (!quarter) return undefined;
  return { sessionId: quarter[0] * 4, payload: datagram.subarray(quarter[1]) };
}
