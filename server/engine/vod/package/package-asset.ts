// Packages one complete upload: probe → ffmpeg (copy or transcode) → split
// each track into init + fragments → catalog.json, published atomically.

import { Buffer } from "node:buffer";
import { codecString } from "../../media/codec-string.ts";
import { type SplitTrack, splitFragmented } from "../../media/split.ts";
import { AssetFailureReason, PackagingError } from "../errors.ts";
import { CATALOG_FILE, type VodCatalog, type VodSegment, type VodTrack } from "./catalog.ts";
import {
  lowerRenditionArgs,
  lowerRenditionHeight,
  packagingArgs,
  RAW_AUDIO,
  RAW_LOWER,
  RAW_VIDEO,
} from "./ffmpeg-args.ts";
import { looksLikeMedia, type PackagingPlan, planPackaging, probeFile } from "./probe.ts";
import { runTool } from "./run.ts";

/** A packaged video shorter than this share of its probed duration was cut short. */
const MIN_DURATION_SHARE = 0.9;

async function readHead(path: string): Promise<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  try {
    const head = new Uint8Array(16);
    const n = (await file.read(head)) ?? 0;
    return head.subarray(0, n);
  } finally {
    file.close();
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}

async function writeTrack(
  dir: string,
  name: string,
  split: SplitTrack,
): Promise<{ initSegment: string; segments: VodSegment[]; bytes: number }> {
  await Deno.mkdir(`${dir}/${name}`, { recursive: true });
  const initSegment = `${name}/init.mp4`;
  await Deno.writeFile(`${dir}/${initSegment}`, split.init);
  const toUs = (ticks: number) => Math.round((ticks * 1_000_000) / split.timescale);
  const segments: VodSegment[] = [];
  let bytes = 0;
  for (const [i, f] of split.fragments.entries()) {
    const url = `${name}/${i}.m4s`;
    await Deno.writeFile(`${dir}/${url}`, f.bytes);
    bytes += f.bytes.byteLength;
    segments.push({
      url,
      startUs: toUs(f.startTicks),
      durationUs: toUs(f.durationTicks),
      bytes: f.bytes.byteLength,
    });
  }
  return { initSegment, segments, bytes };
}

function spanUs(segments: readonly VodSegment[]): number {
  const last = segments.at(-1);
  return last === undefined ? 0 : last.startUs + last.durationUs - (segments[0]?.startUs ?? 0);
}

async function videoTrack(
  outDir: string,
  split: SplitTrack,
  width: number,
  height: number,
): Promise<VodTrack> {
  const name = `video/${height}p`;
  const v = await writeTrack(outDir, name, split);
  return {
    name,
    kind: "video",
    codec: codecString(split.init),
    width,
    height,
    bitrate: Math.round((v.bytes * 8 * 1_000_000) / Math.max(spanUs(v.segments), 1)),
    initSegment: v.initSegment,
    initData: Buffer.from(split.init).toString("base64"),
    segments: v.segments,
  };
}

/** The lower ABR rendition, cut on the same frames as `top`; undefined when the source is small. */
async function lowerRendition(
  input: string,
  workDir: string,
  outDir: string,
  plan: PackagingPlan,
  top: SplitTrack,
): Promise<VodTrack | undefined> {
  const height = lowerRenditionHeight(plan.video.height);
  if (height === undefined) return undefined;
  const first = top.fragments[0]?.startTicks ?? 0;
  const cutsS = top.fragments.map((f) => (f.startTicks - first) / top.timescale);
  const timeoutMs = 60_000 + plan.durationS * 10_000;
  const run = await runTool(
    "ffmpeg",
    lowerRenditionArgs(input, workDir, plan, height, cutsS),
    timeoutMs,
  );
  if (run.code !== 0) {
    const why = run.timedOut ? "timed out" : lastLine(run.stderr);
    throw new PackagingError(AssetFailureReason.Corrupt, `the ${height}p rendition failed: ${why}`);
  }
  const split = splitFragmented(await Deno.readFile(`${workDir}/${RAW_LOWER}`));
  const width = Math.round((plan.video.width * height) / plan.video.height / 2) * 2;
  return videoTrack(outDir, split, width, height);
}

async function buildTracks(input: string, workDir: string, outDir: string, plan: PackagingPlan) {
  const tracks: VodTrack[] = [];
  const video = splitFragmented(await Deno.readFile(`${workDir}/${RAW_VIDEO}`));
  const top = await videoTrack(outDir, video, plan.video.width, plan.video.height);
  const videoUs = spanUs(top.segments);
  tracks.push(top);
  const lower = await lowerRendition(input, workDir, outDir, plan, video);
  if (lower !== undefined) tracks.push(lower);
  if (plan.audio !== undefined) {
    const audio = splitFragmented(await Deno.readFile(`${workDir}/${RAW_AUDIO}`));
    const a = await writeTrack(outDir, "audio", audio);
    tracks.push({
      name: "audio",
      kind: "audio",
      codec: codecString(audio.init, plan.audio.copy ? plan.audio.aacProfile : "LC"),
      sampleRate: plan.audio.sampleRate,
      channels: plan.audio.channels,
      bitrate: Math.round((a.bytes * 8 * 1_000_000) / Math.max(spanUs(a.segments), 1)),
      initSegment: a.initSegment,
      initData: Buffer.from(audio.init).toString("base64"),
      segments: a.segments,
    });
  }
  return { tracks, videoUs };
}

/**
 * Packages the file at `input` into `outDir` (catalog.json, per-track init.mp4
 * and N.m4s). `outDir` appears only once complete. Throws PackagingError with
 * a failure reason for files that cannot be packaged.
 */
export async function packageAsset(input: string, outDir: string): Promise<VodCatalog> {
  const probe = await probeFile(input);
  if (probe === undefined) {
    const damaged = looksLikeMedia(await readHead(input));
    throw new PackagingError(
      damaged ? AssetFailureReason.Corrupt : AssetFailureReason.NotAVideo,
      damaged ? "the media container cannot be read" : "not a media file",
    );
  }
  const plan = planPackaging(probe);
  const workDir = `${outDir}.work`;
  const staging = `${outDir}.staging`;
  await Deno.remove(workDir, { recursive: true }).catch(() => {});
  await Deno.remove(staging, { recursive: true }).catch(() => {});
  await Deno.mkdir(workDir, { recursive: true });
  try {
    // Transcoding runs at a few times real time here; allow generously for slow machines.
    const timeoutMs = 60_000 + plan.durationS * 10_000;
    const run = await runTool("ffmpeg", packagingArgs(input, workDir, plan), timeoutMs);
    if (run.code !== 0) {
      const why = run.timedOut ? "packaging timed out" : lastLine(run.stderr);
      throw new PackagingError(AssetFailureReason.Corrupt, `the media cannot be read: ${why}`);
    }
    await Deno.mkdir(staging, { recursive: true });
    const { tracks, videoUs } = await buildTracks(input, workDir, staging, plan);
    if (videoUs < plan.durationS * 1_000_000 * MIN_DURATION_SHARE) {
      throw new PackagingError(
        AssetFailureReason.Corrupt,
        `only ${(videoUs / 1e6).toFixed(1)} s of ${plan.durationS.toFixed(1)} s could be read`,
      );
    }
    const catalog: VodCatalog = { version: 1, live: false, durationUs: videoUs, tracks };
    await Deno.writeTextFile(`${staging}/${CATALOG_FILE}`, JSON.stringify(catalog, null, 2));
    await Deno.remove(outDir, { recursive: true }).catch(() => {});
    await Deno.rename(staging, outDir);
    return catalog;
  } catch (e) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    if (e instanceof RangeError) {
      throw new PackagingError(AssetFailureReason.Corrupt, `malformed media: ${e.message}`);
    }
    throw e;
  } finally {
    await Deno.remove(workDir, { recursive: true }).catch(() => {});
  }
}
