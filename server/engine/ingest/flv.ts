// FLV framing (Adobe FLV spec, "The FLV header" / "FLV tags") for handing one
// kind of RTMP media to ffmpeg: the RTMP audio/video message payloads are FLV
// tag bodies already.

/** FLV tag types, the same numbers as RTMP message types. */
export const FlvTagType = { Audio: 8, Video: 9 } as const;
export type FlvTagType = (typeof FlvTagType)[keyof typeof FlvTagType];

/** The 9-byte header announcing one kind of stream, then PreviousTagSize0. */
export function flvHeader(kind: FlvTagType): Uint8Array {
  const flags = kind === FlvTagType.Audio ? 0x04 : 0x01;
  return Uint8Array.of(0x46, 0x4c, 0x56, 1, flags, 0, 0, 0, 9, 0, 0, 0, 0);
}

/** One tag with its trailing PreviousTagSize. */
export function flvTag(kind: FlvTagType, timestampMs: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(11 + body.byteLength + 4);
  const n = body.byteLength;
  const ts = timestampMs >>> 0;
  out.set([kind, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff], 0);
  out.set([(ts >> 16) & 0xff, (ts >> 8) & 0xff, ts & 0xff, (ts >>> 24) & 0xff, 0, 0, 0], 4);
  out.set(body, 11);
  new DataView(out.buffer).setUint32(11 + n, 11 + n);
  return out;
}

/** True when an FLV video tag body carries H.264 (CodecID 7, legacy header). */
export function isAvcVideo(body: Uint8Array): boolean {
  return body.byteLength > 0 && (body[0]! & 0x80) === 0 && (body[0]! & 0x0f) === 7;
}

/** The AAC Audio Object Type of an AAC sequence header tag, or undefined for any other tag. */
export function aacObjectType(body: Uint8Array): number | undefined {
  // SoundFormat 10 (AAC), AACPacketType 0 (AudioSpecificConfig), whose first 5 bits are the type.
  if (body.byteLength < 3 || body[0]! >> 4 !== 10 || body[1] !== 0) return undefined;
  return body[2]! >> 3;
}

/** True when an FLV audio tag body carries AAC (SoundFormat 10). */
export function isAacAudio(body: Uint8Array): boolean {
  return body.byteLength > 0 && body[0]! >> 4 === 10;
}
