import { FrameType, UniStreamType } from "./frame.ts";
import { varintSize, writeVarint } from "./varint.ts";

/** Header of a WebTransport unidirectional stream: 0x54, Session ID (draft-ietf-webtrans-http3 §4.2). */
export function encodeUniStreamHeader(sessionId: number): Uint8Array {
  return twoVarints(UniStreamType.WEBTRANSPORT, sessionId);
}

/** Header of a WebTransport bidirectional stream: 0x41, Session ID (draft-ietf-webtrans-http3 §4.3). */
export function encodeBidiStreamHeader(sessionId: number): Uint8Array {
  return twoVarints(FrameType.WT_STREAM, sessionId);
}

function twoVarints(first: number, second: number): Uint8Array {
  const out = new Uint8Array(varintSize(first) + varintSize(second));
  writeVarint(out, writeVarint(out, 0, first), second);
  return out;
}
