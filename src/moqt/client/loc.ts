// LOC (draft-ietf-moq-loc) properties the client uses, carried as MoQT Object
// Extension Headers: the capture timestamp and the video frame marking.
import type { KeyValuePair } from "../wire/key-value.ts";

/** LOC property types (draft-ietf-moq-loc §"LOC Properties", IANA table). */
export const LocProperty = {
  /** Track/Object: units per second of TIMESTAMP; absent: µs since the Unix epoch. */
  TIMESCALE: 0x08,
  /** Object: RFC 9626 frame marking byte(s) (odd type: bytes). */
  VIDEO_FRAME_MARKING: 0x09,
  /** Object: RFC 6464 audio level. */
  AUDIO_LEVEL: 0x0c,
  /** Track/Object: codec "extradata" (WebCodecs VideoDecoderConfig.description). */
  VIDEO_CONFIG: 0x0d,
  /** Track/Object: codec "extradata" (WebCodecs AudioDecoderConfig.description). */
  AUDIO_CONFIG: 0x0f,
  /** Object: capture time (vi64), µs since the Unix epoch when no TIMESCALE is present. */
  TIMESTAMP: 0x10,
} as const;
/** One of the `LocProperty` values. */
export type LocProperty = (typeof LocProperty)[keyof typeof LocProperty];

/**
 * RFC 9626 §"Frame Marking for Non-Scalable Streams": one byte `S E I D 0 0 0 0`
 * (Start of frame, End of frame, Independent, Discardable).
 */
export const FrameMark = {
  /** S: the first packet of a frame (always set: an Object is a whole frame). */
  START: 0x80,
  /** E: the last packet of a frame (always set). */
  END: 0x40,
  /** I: an independent frame (keyframe). */
  INDEPENDENT: 0x20,
  /** D: a frame no other frame depends on. */
  DISCARDABLE: 0x10,
} as const;

const KEYFRAME_MARK = new Uint8Array([FrameMark.START | FrameMark.END | FrameMark.INDEPENDENT]);
const DELTA_MARK = new Uint8Array([FrameMark.START | FrameMark.END]);

/** The TIMESTAMP property for `tsUs`. */
export function timestampPair(tsUs: number): KeyValuePair {
  return { type: LocProperty.TIMESTAMP, value: tsUs };
}

/** The VIDEO_FRAME_MARKING property of a whole, non-scalable frame. */
export function frameMarkingPair(keyframe: boolean): KeyValuePair {
  return { type: LocProperty.VIDEO_FRAME_MARKING, value: keyframe ? KEYFRAME_MARK : DELTA_MARK };
}

/** The first pair of `type` in `exts`. */
function find(exts: readonly KeyValuePair[] | undefined, type: number): KeyValuePair | undefined {
  if (exts === undefined) return undefined;
  for (const e of exts) if (e.type === type) return e;
  return undefined;
}

/** The TIMESTAMP in µs, or undefined when absent (or scaled by a TIMESCALE other than 1e6). */
export function readTimestampUs(exts: readonly KeyValuePair[] | undefined): number | undefined {
  const ts = find(exts, LocProperty.TIMESTAMP);
  if (ts === undefined || typeof ts.value !== "number") return undefined;
  const scale = find(exts, LocProperty.TIMESCALE);
  if (scale === undefined || typeof scale.value !== "number" || scale.value === 1_000_000) {
    return ts.value;
  }
  return scale.value > 0 ? Math.floor((ts.value * 1_000_000) / scale.value) : undefined;
}

/**
 * Whether a video object is a keyframe: the frame marking's Independent bit;
 * without a marking, the first object of a group (a group starts at a keyframe).
 */
export function readKeyframe(exts: readonly KeyValuePair[] | undefined, objectId: number): boolean {
  const mark = find(exts, LocProperty.VIDEO_FRAME_MARKING);
  if (mark !== undefined && mark.value instanceof Uint8Array && mark.value.length > 0) {
    return (mark.value[0]! & FrameMark.INDEPENDENT) !== 0;
  }
  return objectId === 0;
}
