// The RTMP chunk stream (RTMP 1.0 spec §5.3): messages split into chunks of at
// most `chunkSize` bytes, each with a basic header (format, chunk stream id)
// and a message header whose size depends on the format (11, 7, 3 or 0 bytes).

/** One reassembled RTMP message. */
export interface RtmpMessage {
  readonly typeId: number;
  readonly streamId: number;
  /** Milliseconds. */
  readonly timestamp: number;
  readonly payload: Uint8Array;
}

/** Message type ids (§5.4, §7.1). */
export const MessageType = {
  SetChunkSize: 1,
  Abort: 2,
  Acknowledgement: 3,
  UserControl: 4,
  WindowAckSize: 5,
  SetPeerBandwidth: 6,
  Audio: 8,
  Video: 9,
  DataAmf0: 18,
  CommandAmf0: 20,
} as const;

/** A malformed chunk stream. */
export class ChunkError extends Error {
  override readonly name = "ChunkError";
}

interface StreamState {
  timestamp: number;
  delta: number;
  length: number;
  typeId: number;
  streamId: number;
  extended: boolean;
  parts: Uint8Array[];
  received: number;
}

/** The most a message may carry; larger ones are refused. */
const MAX_MESSAGE_BYTES = 16 << 20;

/** Reassembles messages from chunk bytes fed in any pieces. */
export class ChunkReader {
  #buffer = new Uint8Array(0);
  #chunkSize = 128;
  readonly #streams = new Map<number, StreamState>();

  /** Adds received bytes; returns the messages they completed. */
  push(bytes: Uint8Array): RtmpMessage[] {
    const joined = new Uint8Array(this.#buffer.byteLength + bytes.byteLength);
    joined.set(this.#buffer);
    joined.set(bytes, this.#buffer.byteLength);
    const out: RtmpMessage[] = [];
    let at = 0;
    for (;;) {
      const used = this.#chunk(joined, at, out);
      if (used === 0) break;
      at += used;
    }
    this.#buffer = joined.slice(at);
    return out;
  }

  /** Parses one chunk at `at`; returns the bytes used, 0 when incomplete. */
  #chunk(b: Uint8Array, at: number, out: RtmpMessage[]): number {
    const start = at;
    if (at >= b.byteLength) return 0;
    const fmt = b[at]! >> 6;
    let csid = b[at]! & 0x3f;
    at++;
    if (csid === 0) {
      if (at + 1 > b.byteLength) return 0;
      csid = 64 + b[at]!;
      at += 1;
    } else if (csid === 1) {
      if (at + 2 > b.byteLength) return 0;
      csid = 64 + b[at]! + b[at + 1]! * 256;
      at += 2;
    }
    const headerBytes = [11, 7, 3, 0][fmt]!;
    if (at + headerBytes > b.byteLength) return 0;
    const prev = this.#streams.get(csid);
    if (fmt !== 0 && prev === undefined)
      throw new ChunkError(`chunk stream ${csid} starts without a full header`);
    const s: StreamState = prev ?? {
      timestamp: 0,
      delta: 0,
      length: 0,
      typeId: 0,
      streamId: 0,
      extended: false,
      parts: [],
      received: 0,
    };
    const u24 = (i: number) => (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    let tsField = 0;
    if (fmt <= 2) tsField = u24(at);
    if (fmt <= 1) {
      s.length = u24(at + 3);
      s.typeId = b[at + 6]!;
    }
    if (fmt === 0) s.streamId = new DataView(b.buffer, b.byteOffset + at + 7, 4).getUint32(0, true);
    at += headerBytes;
    const extended = fmt <= 2 ? tsField === 0xffffff : s.extended;
    if (extended) {
      if (at + 4 > b.byteLength) return 0;
      tsField = new DataView(b.buffer, b.byteOffset + at, 4).getUint32(0);
      at += 4;
    }
    if (s.length > MAX_MESSAGE_BYTES)
      throw new ChunkError(`message of ${s.length} bytes is too large`);
    const take = Math.min(this.#chunkSize, s.length - s.received);
    if (at + take > b.byteLength) return 0;
    // Header fields apply only once the whole chunk is here (a retry re-parses it).
    const startsMessage = s.received === 0;
    if (startsMessage) {
      if (fmt === 0) s.timestamp = tsField;
      else if (fmt === 1 || fmt === 2) {
        s.delta = tsField;
        s.timestamp += tsField;
      } else s.timestamp += s.delta;
    }
    s.extended = extended;
    this.#streams.set(csid, s);
    s.parts.push(b.slice(at, at + take));
    s.received += take;
    at += take;
    if (s.received === s.length) {
      const payload = new Uint8Array(s.length);
      let o = 0;
      for (const p of s.parts) {
        payload.set(p, o);
        o += p.byteLength;
      }
      s.parts = [];
      s.received = 0;
      const message = { typeId: s.typeId, streamId: s.streamId, timestamp: s.timestamp, payload };
      if (message.typeId === MessageType.SetChunkSize) {
        const size = new DataView(payload.buffer).getUint32(0) & 0x7fffffff;
        if (size < 1) throw new ChunkError("chunk size 0");
        this.#chunkSize = size;
      }
      out.push(message);
    }
    return at - start;
  }
}

/** Encodes one message as chunks of `chunkSize` (format 0, then format 3 continuations). */
export function encodeMessage(csid: number, m: RtmpMessage, chunkSize = 128): Uint8Array {
  const { payload } = m;
  const chunks = Math.max(1, Math.ceil(payload.byteLength / chunkSize));
  const out = new Uint8Array(12 + payload.byteLength + (chunks - 1));
  const ts = Math.min(m.timestamp, 0xfffffe);
  out[0] = csid; // format 0, csid 2..63
  out.set([ts >> 16, (ts >> 8) & 0xff, ts & 0xff], 1);
  const n = payload.byteLength;
  out.set([n >> 16, (n >> 8) & 0xff, n & 0xff, m.typeId], 4);
  new DataView(out.buffer).setUint32(8, m.streamId, true);
  let at = 12;
  for (let i = 0; i < chunks; i++) {
    if (i > 0) out[at++] = 0xc0 | csid; // format 3
    const part = payload.subarray(i * chunkSize, (i + 1) * chunkSize);
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
