// Reads an uploaded file's streams with ffprobe and decides how to package it:
// copy H.264 / AAC / Opus as they are, transcode anything else.
import { AssetFailureReason, PackagingError } from "../errors.ts";
import { runTool } from "./run.ts";

/** One stream as ffprobe reports it (the fields packaging uses). */
export interface ProbedStream {
  readonly index: number;
  readonly codec_type?: string;
  readonly codec_name?: string;
  readonly profile?: string;
  readonly width?: number;
  readonly height?: number;
  readonly sample_rate?: string;
  readonly channels?: number;
}

/** ffprobe's report of a file. */
export interface Probe {
  readonly streams: readonly ProbedStream[];
  readonly format?: { readonly format_name?: string; readonly duration?: string };
}

/** How each output track is made from the input. */
export interface PackagingPlan {
  readonly durationS: number;
  readonly video: {
    readonly index: number;
    readonly copy: boolean;
    readonly width: number;
    readonly height: number;
  };
  readonly audio?: {
    readonly index: number;
    readonly copy: boolean;
    readonly sampleRate: number;
    readonly channels: number;
    /** ffprobe's AAC profile name, when the audio is AAC. */
    readonly aacProfile?: string;
  };
}

const PROBE_TIMEOUT_MS = 30_000;
const PLAYABLE_AUDIO = new Set(["aac", "opus"]);

// Leading bytes of containers ffmpeg reads: a file starting like one of these
// that ffprobe rejects is a damaged video, anything else is not a video at all.
const SIGNATURES: readonly (readonly [number, readonly number[]])[] = [
  [4, [0x66, 0x74, 0x79, 0x70]], // "ftyp" (ISO BMFF)
  [4, [0x6d, 0x6f, 0x6f, 0x76]], // "moov"
  [4, [0x6d, 0x64, 0x61, 0x74]], // "mdat"
  [0, [0x1a, 0x45, 0xdf, 0xa3]], // EBML (Matroska, WebM)
  [0, [0x46, 0x4c, 0x56]], // "FLV"
  [0, [0x52, 0x49, 0x46, 0x46]], // "RIFF" (AVI)
  [0, [0x47]], // MPEG-TS sync byte
];

/** True when `head` starts like a media container. */
export function looksLikeMedia(head: Uint8Array): boolean {
  return SIGNATURES.some(([at, sig]) => sig.every((b, i) => head[at + i] === b));
}

/** Runs ffprobe on `path`; undefined when ffprobe cannot read it. */
export async function probeFile(path: string): Promise<Probe | undefined> {
  const r = await runTool(
    "ffprobe",
    ["-v", "error", "-show_streams", "-show_format", "-of", "json", path],
    PROBE_TIMEOUT_MS,
  );
  if (r.code !== 0) return undefined;
  const parsed = JSON.parse(r.stdout) as Probe;
  return parsed.streams === undefined ? undefined : parsed;
}

/** Decides copy or transcode per track; throws PackagingError for files it cannot package. */
export function planPackaging(probe: Probe): PackagingPlan {
  const format = probe.format?.format_name ?? "";
  const video = probe.streams.find((s) => s.codec_type === "video");
  // Still images probe as one-frame "video" in an image demuxer.
  if (video === undefined || format === "image2" || format.endsWith("_pipe")) {
    throw new PackagingError(AssetFailureReason.NotAVideo, `no video stream (format ${format})`);
  }
  if (video.codec_name === undefined || video.codec_name === "none" || !video.width) {
    throw new PackagingError(
      AssetFailureReason.UnsupportedCodec,
      `video codec ${video.codec_name ?? "unknown"} cannot be decoded`,
    );
  }
  const durationS = Number(probe.format?.duration);
  if (!(durationS > 0)) {
    throw new PackagingError(AssetFailureReason.Corrupt, "the file has no duration");
  }
  const audio = probe.streams.find((s) => s.codec_type === "audio");
  return {
    durationS,
    video: {
      index: video.index,
      copy: video.codec_name === "h264",
      width: video.width,
      height: video.height ?? 0,
    },
    ...(audio !== undefined && {
      audio: {
        index: audio.index,
        copy: PLAYABLE_AUDIO.has(audio.codec_name ?? ""),
        sampleRate: Number(audio.sample_rate ?? 0),
        channels: audio.channels ?? 0,
        ...(audio.codec_name === "aac" &&
          audio.profile !== undefined && { aacProfile: audio.profile }),
      },
    }),
  };
}
