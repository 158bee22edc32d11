// The ffmpeg command line that turns an upload into one fragmented MP4 per
// track: streams copied when playable, transcoded to H.264 / AAC otherwise.
import type { PackagingPlan } from "./probe.ts";

/** Target fragment duration; video fragments start at the first keyframe after it. */
export const FRAGMENT_US = 2_000_000;

// CMAF-shaped fragmented MP4: init (ftyp+moov) first, then moof+mdat pairs.
const FRAGMENTED = "+empty_moov+default_base_moof+cmaf";

/** Output file names of the packaging run, relative to its work directory. */
export const RAW_VIDEO = "video.fmp4";
export const RAW_AUDIO = "audio.fmp4";

/** ffmpeg arguments reading `input` and writing RAW_VIDEO (and RAW_AUDIO) under `workDir`. */
export function packagingArgs(input: string, workDir: string, plan: PackagingPlan): string[] {
  const args = ["-hide_banner", "-v", "error", "-xerror", "-nostdin", "-i", input];
  args.push("-map", `0:${plan.video.index}`);
  if (plan.video.copy) {
    args.push("-c:v", "copy");
  } else {
    const keyframeEveryS = FRAGMENT_US / 1_000_000;
    args.push(
      ...["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"],
      ...["-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2"],
      ...["-force_key_frames", `expr:gte(t,n_forced*${keyframeEveryS})`],
    );
  }
  args.push(
    ...["-f", "mp4", "-movflags", `+frag_keyframe${FRAGMENTED}`],
    ...["-min_frag_duration", String(FRAGMENT_US), "-y", `${workDir}/${RAW_VIDEO}`],
  );
  if (plan.audio !== undefined) {
    args.push("-map", `0:${plan.audio.index}`);
    args.push(...(plan.audio.copy ? ["-c:a", "copy"] : ["-c:a", "aac", "-b:a", "128k"]));
    args.push(
      ...["-f", "mp4", "-movflags", FRAGMENTED],
      ...["-frag_duration", String(FRAGMENT_US), "-y", `${workDir}/${RAW_AUDIO}`],
    );
  }
  return args;
}

/** Output file of the lower (ABR) rendition. */
export const RAW_LOWER = "lower.fmp4";

/**
 * Height of the second, lower rendition packaging adds for ABR: 360p under a
 * taller source, half the height of a smaller one; none under 200 lines.
 */
export function lowerRenditionHeight(sourceHeight: number): number | undefined {
  if (sourceHeight < 200) return undefined;
  return sourceHeight > 480 ? 360 : Math.round(sourceHeight / 4) * 2;
}

/**
 * ffmpeg arguments transcoding the video of `input` to `height` lines into
 * RAW_LOWER, with keyframes (hence fragments) exactly at `cutsS`, the first
 * rendition's fragment starts, so players can switch between fragments.
 */
export function lowerRenditionArgs(
  input: string,
  workDir: string,
  plan: PackagingPlan,
  height: number,
  cutsS: readonly number[],
): string[] {
  return [
    ...["-hide_banner", "-v", "error", "-xerror", "-nostdin", "-i", input],
    ...["-map", `0:${plan.video.index}`, "-c:v", "libx264", "-preset", "veryfast"],
    ...["-pix_fmt", "yuv420p", "-vf", `scale=-2:${height}`],
    // Keyframes only where the first rendition cuts: no scene-cut or periodic ones.
    ...["-force_key_frames", cutsS.map((t) => t.toFixed(3)).join(","), "-sc_threshold", "0"],
    ...["-g", "100000", "-f", "mp4", "-movflags", `+frag_keyframe${FRAGMENTED}`],
    ...["-y", `${workDir}/${RAW_LOWER}`],
  ];
}
