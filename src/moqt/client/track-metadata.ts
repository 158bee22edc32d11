// Where a track's metadata travels (README "Wire mapping"): capability, schema
// tag and codec description are track properties, carried as draft-16 Track
// Extensions (PUBLISH, relayed in SUBSCRIBE_OK / FETCH_OK) and, in both drafts,
// as Object Extension Headers on the first Object of every Group.
import { ExtensionHeaderType } from "../wire/data/extensions.ts";
import type { KeyValuePair } from "../wire/key-value.ts";
import { LocProperty } from "./loc.ts";

/**
 * ClutchCall track property types: draft-14/16 §"IANA Considerations" leave
 * 16384 and above first-come-first-served; odd types carry bytes, even types a varint.
 * 0x4343 is the relay's CAPABILITY_EXTENSION (server/relay/core/README.md).
 */
export const TrackProperty = {
  /** UTF-8 routing intent ("asr", "ros.telemetry"), 1..256 bytes. */
  CAPABILITY: 0x4343,
  /** UTF-8 payload schema ("ros2/cdr"). */
  SCHEMA_TAG: 0x4345,
  /** UTF-8 WebCodecs codec string ("opus", "ulaw", "avc1.42E01F"). */
  CODEC: 0x4347,
  /** Audio sample rate in Hz. */
  SAMPLE_RATE: 0x4348,
  /** Audio channel count. */
  CHANNELS: 0x434a,
  /** Audio frame duration in µs. */
  FRAME_DURATION_US: 0x434c,
  /** Video width in pixels. */
  WIDTH: 0x434e,
  /** Video height in pixels. */
  HEIGHT: 0x4350,
  /** Track kind (`TRACK_KIND_CODES`): 1 frame, 2 audio, 3 video, 4 text. */
  KIND: 0x4354,
} as const;
/** One of the `TrackProperty` values. */
export type TrackProperty = (typeof TrackProperty)[keyof typeof TrackProperty];

/** The kinds of realtime track (seed "Track kinds"). */
export type TrackKind = "frame" | "audio" | "video" | "text";

/** The varint each kind travels as in the KIND property. */
const TRACK_KIND_CODES: Readonly<Record<TrackKind, number>> = {
  frame: 1,
  audio: 2,
  video: 3,
  text: 4,
};
const KIND_BY_CODE = new Map(
  Object.entries(TRACK_KIND_CODES).map(([k, v]) => [v, k as TrackKind] as const),
);

/** Longest capability, in UTF-8 bytes (as the relay accepts). */
export const MAX_CAPABILITY_BYTES = 256;
/** Longest schema tag or codec string, in UTF-8 bytes. */
export const MAX_LABEL_BYTES = 1024;

/** What a publisher declares about its track. */
export interface TrackMetadata {
  readonly kind: TrackKind;
  /** UTF-8 capability (required). */
  readonly capability: Uint8Array;
  readonly schemaTag?: Uint8Array;
  readonly codec?: Uint8Array;
  readonly sampleRate?: number;
  readonly channels?: number;
  readonly frameDurationUs?: number;
  readonly width?: number;
  readonly height?: number;
  /** LOC AUDIO_CONFIG (audio) or VIDEO_CONFIG (video) "extradata". */
  readonly config?: { readonly type: number; readonly value: Uint8Array };
}

/** What a subscriber learned about a track (fields absent when the publisher sent none). */
export interface TrackInfo {
  /** Frame, audio, video or text. */
  readonly kind?: TrackKind;
  /** Routing intent ("asr", "ros.telemetry"). */
  readonly capability?: string;
  /** Payload schema ("ros2/cdr"). */
  readonly schemaTag?: string;
  /** WebCodecs codec string. */
  readonly codec?: string;
  /** Audio samples per second. */
  readonly sampleRate?: number;
  /** Audio channel count. */
  readonly channels?: number;
  /** Audio frame duration in milliseconds. */
  readonly frameMs?: number;
  /** Video width in pixels. */
  readonly width?: number;
  /** Video height in pixels. */
  readonly height?: number;
  /** Codec extradata (LOC AUDIO_CONFIG / VIDEO_CONFIG), for WebCodecs `description`. */
  readonly codecConfig?: Uint8Array;
  /** draft-16 DEFAULT PUBLISHER PRIORITY. */
  readonly defaultPriority?: number;
}

/** Sorted ascending by type, as draft-16 delta encoding requires. */
export function ascending(pairs: KeyValuePair[]): KeyValuePair[] {
  return pairs.sort((a, b) => a.type - b.type);
}

/** The track properties of `m`, ascending by type. */
export function trackProperties(m: TrackMetadata): KeyValuePair[] {
  const out: KeyValuePair[] = [{ type: TrackProperty.CAPABILITY, value: m.capability }];
  const bytes = (type: number, v: Uint8Array | undefined) => {
    if (v !== undefined) out.push({ type, value: v });
  };
  const int = (type: number, v: number | undefined) => {
    if (v !== undefined) out.push({ type, value: v });
  };
  bytes(TrackProperty.SCHEMA_TAG, m.schemaTag);
  bytes(TrackProperty.CODEC, m.codec);
  int(TrackProperty.SAMPLE_RATE, m.sampleRate);
  int(TrackProperty.CHANNELS, m.channels);
  int(TrackProperty.FRAME_DURATION_US, m.frameDurationUs);
  int(TrackProperty.WIDTH, m.width);
  int(TrackProperty.HEIGHT, m.height);
  int(TrackProperty.KIND, TRACK_KIND_CODES[m.kind]);
  if (m.config !== undefined) out.push({ type: m.config.type, value: m.config.value });
  return ascending(out);
}

/** draft-16 Track Extensions of a PUBLISH: the properties plus DEFAULT PUBLISHER PRIORITY. */
export function trackExtensions(m: TrackMetadata, defaultPriority: number): KeyValuePair[] {
  return ascending([
    ...trackProperties(m),
    { type: ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY, value: defaultPriority },
  ]);
}

const DECODER = new TextDecoder("utf-8", { fatal: true });

function text(v: Uint8Array): string | undefined {
  try {
    return DECODER.decode(v);
  } catch {
    return undefined;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `info` updated with the track properties found in `pairs` (Track Extensions or
 * a first Object's extensions); returns `info` itself when nothing changed.
 */
export function mergeTrackInfo(
  info: TrackInfo,
  pairs: readonly KeyValuePair[] | undefined,
): TrackInfo {
  if (pairs === undefined || pairs.length === 0) return info;
  const out: Mutable<TrackInfo> = { ...info };
  let changed = false;
  const set = <K extends keyof TrackInfo>(key: K, value: TrackInfo[K] | undefined) => {
    if (value === undefined || out[key] === value) return;
    out[key] = value;
    changed = true;
  };
  for (const p of pairs) {
    const v = p.value;
    if (typeof v === "number") {
      if (p.type === TrackProperty.SAMPLE_RATE) set("sampleRate", v);
      else if (p.type === TrackProperty.CHANNELS) set("channels", v);
      else if (p.type === TrackProperty.FRAME_DURATION_US) set("frameMs", v / 1000);
      else if (p.type === TrackProperty.WIDTH) set("width", v);
      else if (p.type === TrackProperty.HEIGHT) set("height", v);
      else if (p.type === TrackProperty.KIND) set("kind", KIND_BY_CODE.get(v));
      else if (p.type === ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY) set("defaultPriority", v);
      continue;
    }
    if (p.type === TrackProperty.CAPABILITY) set("capability", text(v));
    else if (p.type === TrackProperty.SCHEMA_TAG) set("schemaTag", text(v));
    else if (p.type === TrackProperty.CODEC) set("codec", text(v));
    else if (p.type === LocProperty.AUDIO_CONFIG || p.type === LocProperty.VIDEO_CONFIG) {
      if (out.codecConfig === undefined || !sameBytes(out.codecConfig, v)) {
        out.codecConfig = v.slice();
        changed = true;
      }
    }
  }
  return changed ? out : info;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
