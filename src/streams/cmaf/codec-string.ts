// RFC 6381 codec strings derived from the bitstream, not from the encoder's
// request (the H.264 encoder writes its own level into the SPS).

/** `avc1.PPCCLL` from an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1). */
export function avcCodecString(avcC: Uint8Array): string {
  if (avcC.byteLength < 4 || avcC[0] !== 1) {
    throw new RangeError("not an AVCDecoderConfigurationRecord (configurationVersion 1)");
  }
  const hex = (b: number) => b.toString(16).padStart(2, "0").toUpperCase();
  // Bytes 1..3: AVCProfileIndication, profile_compatibility, AVCLevelIndication.
  return `avc1.${hex(avcC[1]!)}${hex(avcC[2]!)}${hex(avcC[3]!)}`;
}

/** Parses the pre-skip of an OpusHead (RFC 7845 §5.1), or undefined when `head` is not one. */
export function opusPreSkip(head: Uint8Array | undefined): number | undefined {
  if (head === undefined || head.byteLength < 19) return undefined;
  if (new TextDecoder().decode(head.subarray(0, 8)) !== "OpusHead") return undefined;
  return head[10]! | (head[11]! << 8); // little-endian u16
}
