// The picture size of an H.264 stream from the first sequence parameter set of
// its AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1; SPS syntax:
// ITU-T H.264 §7.3.2.1.1, cropping §7.4.2.1.1).

/** Reads Exp-Golomb coded fields (H.264 §9.1) from an RBSP. */
class BitReader {
  #bit = 0;
  constructor(private readonly bytes: Uint8Array) {}

  u(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.#bit >> 3];
      if (byte === undefined) throw new RangeError("SPS ends early");
      v = v * 2 + ((byte >> (7 - (this.#bit & 7))) & 1);
      this.#bit++;
    }
    return v;
  }

  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) {
      if (++zeros > 31) throw new RangeError("malformed Exp-Golomb code in SPS");
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }

  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -k / 2;
  }
}

/** Removes emulation prevention bytes (00 00 03 → 00 00, H.264 §7.4.1). */
function rbsp(nal: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < nal.byteLength; i++) {
    if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
    out.push(nal[i]!);
  }
  return Uint8Array.from(out);
}

// profile_idc values whose SPS carries chroma format and scaling lists (§7.3.2.1.1).
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** The cropped picture size the SPS (a NAL unit with its header byte) describes. */
export function spsPictureSize(sps: Uint8Array): { width: number; height: number } {
  const r = new BitReader(rbsp(sps.subarray(1)));
  const profile = r.u(8);
  r.u(16); // constraint flags, level_idc
  r.ue(); // seq_parameter_set_id
  let chromaFormat = 1;
  let separatePlanes = 0;
  if (HIGH_PROFILES.has(profile)) {
    chromaFormat = r.ue();
    if (chromaFormat === 3) separatePlanes = r.u(1);
    r.ue(); // bit_depth_luma_minus8
    r.ue(); // bit_depth_chroma_minus8
    r.u(1); // qpprime_y_zero_transform_bypass_flag
    if (r.u(1) === 1) {
      for (let i = 0; i < (chromaFormat === 3 ? 12 : 8); i++) {
        if (r.u(1) === 1) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  else if (pocType === 1) {
    r.u(1);
    r.se();
    r.se();
    const cycle = r.ue();
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.u(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1;
  const heightMapUnits = r.ue() + 1;
  const frameMbsOnly = r.u(1);
  if (frameMbsOnly === 0) r.u(1); // mb_adaptive_frame_field_flag
  r.u(1); // direct_8x8_inference_flag
  const crop = r.u(1) === 1 ? [r.ue(), r.ue(), r.ue(), r.ue()] : [0, 0, 0, 0];
  // §7.4.2.1.1: crop units from ChromaArrayType (SubWidthC, SubHeightC of Table 6-1).
  const chromaArrayType = separatePlanes === 1 ? 0 : chromaFormat;
  const subWidth = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeight = chromaArrayType === 1 ? 2 : 1;
  const unitX = chromaArrayType === 0 ? 1 : subWidth;
  const unitY = (chromaArrayType === 0 ? 1 : subHeight) * (2 - frameMbsOnly);
  const [left, right, top, bottom] = crop as [number, number, number, number];
  return {
    width: widthMbs * 16 - unitX * (left + right),
    height: (2 - frameMbsOnly) * heightMapUnits * 16 - unitY * (top + bottom),
  };
}

/** The picture size of the first SPS in an AVCDecoderConfigurationRecord. */
export function avcConfigPictureSize(avcC: Uint8Array): { width: number; height: number } {
  // configurationVersion, profile, compatibility, level, lengthSizeMinusOne, numOfSequenceParameterSets.
  if (avcC.byteLength < 8 || avcC[0] !== 1 || (avcC[5]! & 0x1f) === 0) {
    throw new RangeError("AVCDecoderConfigurationRecord without an SPS");
  }
  const length = (avcC[6]! << 8) | avcC[7]!;
  if (8 + length > avcC.byteLength) throw new RangeError("SPS runs past the configuration record");
  return spsPictureSize(avcC.subarray(8, 8 + length));
}
