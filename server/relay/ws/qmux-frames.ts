// QMux frames (qmux-02 §"QUIC Frames"; layouts of RFC 9000 §19 and RFC 9221 §4)
// and the pre-QMux "webtransport" framing that `@moq/qmux` still negotiates
// (one frame per WebSocket message: STREAM without offset or length, RESET and
// STOP without final size, close reasons running to the message's end).
import { malformed, QmuxError, QmuxErrorCode } from "./qmux-error.ts";
import { decodeParameters, encodeParameters, type TransportParameters } from "./qmux-params.ts";
import {
  build,
  FrameType,
  MAX_STREAMS_LIMIT,
  putVarint,
  putVarint8,
  QX_PING_REQUEST,
  QX_PING_RESPONSE,
  QX_TRANSPORT_PARAMETERS,
  varintSize,
  type WireReader,
  type WireVersion,
} from "./qmux-wire.ts";

/** A decoded frame. Stream data and datagrams are views into the record. */
export type Frame =
  | { readonly type: "padding" }
  | {
      readonly type: "stream";
      readonly id: number;
      readonly offset: number;
      readonly data: Uint8Array;
      readonly fin: boolean;
    }
  | {
      readonly type: "reset";
      readonly id: number;
      readonly code: number;
      readonly finalSize: number;
    }
  | { readonly type: "stop"; readonly id: number; readonly code: number }
  | { readonly type: "max_data"; readonly max: number }
  | { readonly type: "max_stream_data"; readonly id: number; readonly max: number }
  | { readonly type: "max_streams"; readonly bidi: boolean; readonly max: number }
  | { readonly type: "blocked" }
  | {
      readonly type: "close";
      readonly application: boolean;
      readonly code: number;
      readonly reason: string;
    }
  | { readonly type: "params"; readonly params: TransportParameters }
  | { readonly type: "ping"; readonly response: boolean; readonly sequence: number }
  | { readonly type: "datagram"; readonly data: Uint8Array; readonly frameBytes: number };

const UTF8 = new TextDecoder();
const ENCODER = new TextEncoder();

/** The next frame of `r`'s record. FRAME_ENCODING_ERROR for unknown, prohibited or truncated frames. */
export function decodeFrame(r: WireReader, version: WireVersion): Frame {
  if (version === "webtransport") return decodeLegacy(r);
  const start = r.offset;
  const type = r.exactVarint();
  if (typeof type === "bigint") {
    if (type === QX_TRANSPORT_PARAMETERS) {
      r.frameType = Number(type);
      return { type: "params", params: decodeParameters(r.take(r.varint())) };
    }
    if (type === QX_PING_REQUEST || type === QX_PING_RESPONSE) {
      return { type: "ping", response: type === QX_PING_RESPONSE, sequence: r.varint() };
    }
    return malformed(`unknown frame type 0x${type.toString(16)}`);
  }
  r.frameType = type;
  if (type >= FrameType.STREAM && type <= 0x0f) {
    const id = r.varint();
    const offset = type & 0x04 ? r.varint() : 0;
    const data = type & 0x02 ? r.take(r.varint()) : r.rest();
    return { type: "stream", id, offset, data, fin: (type & 0x01) !== 0 };
  }
  switch (type) {
    case FrameType.PADDING:
      return { type: "padding" };
    case FrameType.RESET_STREAM:
      return { type: "reset", id: r.varint(), code: r.varint(), finalSize: r.varint() };
    case FrameType.STOP_SENDING:
      return { type: "stop", id: r.varint(), code: r.varint() };
    case FrameType.MAX_DATA:
      return { type: "max_data", max: r.varint() };
    case FrameType.MAX_STREAM_DATA:
      return { type: "max_stream_data", id: r.varint(), max: r.varint() };
    case FrameType.MAX_STREAMS_BIDI:
    case FrameType.MAX_STREAMS_UNI: {
      const max = streamCount(r, type);
      return { type: "max_streams", bidi: type === FrameType.MAX_STREAMS_BIDI, max };
    }
    case FrameType.DATA_BLOCKED:
      r.varint();
      return { type: "blocked" };
    case FrameType.STREAMS_BLOCKED_BIDI:
    case FrameType.STREAMS_BLOCKED_UNI:
      streamCount(r, type);
      return { type: "blocked" };
    case FrameType.STREAM_DATA_BLOCKED:
      r.varint();
      r.varint();
      return { type: "blocked" };
    case FrameType.CONNECTION_CLOSE:
    case FrameType.APPLICATION_CLOSE: {
      const code = r.varint();
      if (type === FrameType.CONNECTION_CLOSE) r.varint(); // Frame Type (RFC 9000 §19.19)
      const reason = UTF8.decode(r.take(r.varint()));
      return { type: "close", application: type === FrameType.APPLICATION_CLOSE, code, reason };
    }
    case FrameType.DATAGRAM:
    case FrameType.DATAGRAM_LEN: {
      const data = type === FrameType.DATAGRAM ? r.rest() : r.take(r.varint());
      return { type: "datagram", data, frameBytes: r.offset - start };
    }
    default:
      // qmux-02 §"QUIC Frames": prohibited frames (PING, ACK, CRYPTO, ...) and,
      // RFC 9000 §12.4, frame types not negotiated are FRAME_ENCODING_ERRORs.
      return malformed(`frame type 0x${type.toString(16)} is not allowed in QMux`, type);
  }
}

/** A stream count (RFC 9000 §19.11, §19.14): above 2^60 is a FRAME_ENCODING_ERROR. */
function streamCount(r: WireReader, type: number): number {
  const n = r.exactVarint();
  if (typeof n === "bigint" && n > MAX_STREAMS_LIMIT) malformed("stream count above 2^60", type);
  return Number(n);
}

function decodeLegacy(r: WireReader): Frame {
  const type = r.take(1)[0]!;
  r.frameType = type;
  switch (type) {
    case 0x04:
      return { type: "reset", id: r.varint(), code: r.varint(), finalSize: 0 };
    case 0x05:
      return { type: "stop", id: r.varint(), code: r.varint() };
    case 0x08:
    case 0x09:
      return { type: "stream", id: r.varint(), offset: -1, data: r.rest(), fin: type === 0x09 };
    case 0x1c:
    case 0x1d: {
      const code = r.varint();
      return { type: "close", application: type === 0x1d, code, reason: UTF8.decode(r.rest()) };
    }
    default:
      return malformed(`frame type 0x${type.toString(16)} is not allowed`, type);
  }
}

/** Bytes of a STREAM frame's header carrying `length` bytes at `offset` (RFC 9000 §19.8). */
export function streamHeaderSize(
  version: WireVersion,
  id: number,
  offset: number,
  length: number,
): number {
  if (version === "webtransport") return 1 + varintSize(id);
  return 1 + varintSize(id) + (offset > 0 ? varintSize(offset) : 0) + varintSize(length);
}

/** Writes a STREAM frame header at `at` of `out`; the payload follows it. Returns its end. */
export function putStreamHeader(
  out: Uint8Array,
  at: number,
  version: WireVersion,
  id: number,
  offset: number,
  length: number,
  fin: boolean,
): number {
  if (version === "webtransport") {
    out[at] = fin ? 0x09 : 0x08;
    return putVarint(out, at + 1, id);
  }
  // RFC 9000 §19.8: LEN always, OFF when the offset is not 0.
  out[at] = FrameType.STREAM | (offset > 0 ? 0x04 : 0) | 0x02 | (fin ? 0x01 : 0);
  at = putVarint(out, at + 1, id);
  if (offset > 0) at = putVarint(out, at, offset);
  return putVarint(out, at, length);
}

/** RESET_STREAM (RFC 9000 §19.4; the legacy framing has no Final Size). */
export function encodeReset(
  version: WireVersion,
  id: number,
  code: number,
  finalSize: number,
): Uint8Array {
  return build(25, (out) => {
    out[0] = FrameType.RESET_STREAM;
    const at = putVarint(out, putVarint(out, 1, id), code);
    return version === "webtransport" ? at : putVarint(out, at, finalSize);
  });
}

/** STOP_SENDING (RFC 9000 §19.5). */
export function encodeStop(id: number, code: number): Uint8Array {
  return build(17, (out) => {
    out[0] = FrameType.STOP_SENDING;
    return putVarint(out, putVarint(out, 1, id), code);
  });
}

/** MAX_DATA (RFC 9000 §19.9). */
export function encodeMaxData(max: number): Uint8Array {
  return build(9, (out) => {
    out[0] = FrameType.MAX_DATA;
    return putVarint(out, 1, max);
  });
}

/** MAX_STREAM_DATA (RFC 9000 §19.10). */
export function encodeMaxStreamData(id: number, max: number): Uint8Array {
  return build(17, (out) => {
    out[0] = FrameType.MAX_STREAM_DATA;
    return putVarint(out, putVarint(out, 1, id), max);
  });
}

/** MAX_STREAMS (RFC 9000 §19.11). */
export function encodeMaxStreams(bidi: boolean, max: number): Uint8Array {
  return build(9, (out) => {
    out[0] = bidi ? FrameType.MAX_STREAMS_BIDI : FrameType.MAX_STREAMS_UNI;
    return putVarint(out, 1, max);
  });
}

/**
 * CONNECTION_CLOSE (RFC 9000 §19.19): 0x1c for a transport error (with the
 * Frame Type that caused it), 0x1d for the application's close. The legacy
 * framing has no Frame Type and no Reason Length.
 */
export function encodeClose(
  version: WireVersion,
  application: boolean,
  code: number,
  reason: string,
  frameType = 0,
): Uint8Array {
  const text = ENCODER.encode(reason);
  return build(1 + 8 + 8 + 8 + text.length, (out) => {
    out[0] = application ? FrameType.APPLICATION_CLOSE : FrameType.CONNECTION_CLOSE;
    let at = putVarint(out, 1, code);
    if (version !== "webtransport") {
      if (!application) at = putVarint(out, at, frameType);
      at = putVarint(out, at, text.length);
    }
    out.set(text, at);
    return at + text.length;
  });
}

/** QX_TRANSPORT_PARAMETERS (qmux-02 §"QX_TRANSPORT_PARAMETERS Frames"). */
export function encodeParametersFrame(p: TransportParameters): Uint8Array {
  const body = encodeParameters(p);
  return build(8 + varintSize(body.length) + body.length, (out) => {
    const at = putVarint(out, putVarint8(out, 0, QX_TRANSPORT_PARAMETERS), body.length);
    out.set(body, at);
    return at + body.length;
  });
}

/** QX_PING (qmux-02 §"QX_PING Frames"): a request, or the response echoing `sequence`. */
export function encodePing(response: boolean, sequence: number): Uint8Array {
  return build(16, (out) =>
    putVarint(out, putVarint8(out, 0, response ? QX_PING_RESPONSE : QX_PING_REQUEST), sequence),
  );
}

/** DATAGRAM with Length (RFC 9221 §4), so it never depends on where its record ends. */
export function encodeDatagram(data: Uint8Array): Uint8Array {
  return build(1 + varintSize(data.length) + data.length, (out) => {
    const at = putVarint(out, 1, data.length);
    out[0] = FrameType.DATAGRAM_LEN;
    out.set(data, at);
    return at + data.length;
  });
}

/** Bytes a DATAGRAM frame with Length adds to a payload of `length`. */
export const datagramOverhead = (length: number): number => 1 + varintSize(length);

/** A QmuxError for a frame whose stream `id` cannot carry it (RFC 9000 §19.8 ff.). */
export function streamStateError(message: string, frameType: number): QmuxError {
  return new QmuxError(QmuxErrorCode.STREAM_STATE_ERROR, message, frameType);
}
