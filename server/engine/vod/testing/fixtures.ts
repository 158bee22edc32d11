// Media fixtures for the VOD tests, made once with ffmpeg's lavfi test
// sources and cached under .cache/media/vod/ (shared by every later run).
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const DIR = `${ROOT}.cache/media/vod`;

const LAVFI = [
  ...["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30"],
  ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
];

/** The fixture files, each made by one ffmpeg run (or a function of another fixture). */
const RECIPES = {
  /** 4 s H.264 + AAC, keyframe every second, moov first: copied as is. */
  "h264-aac.mp4": [
    ...LAVFI,
    ...["-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p"],
    ...["-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart"],
  ],
  /** 40 s H.264 + AAC, keyframe every second: long enough to seek beyond what a player buffers. */
  "long-h264-aac.mp4": [
    ...LAVFI,
    ...["-t", "40", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p"],
    ...["-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart"],
  ],
  /** 3 s VP8 + Opus WebM: video transcoded, audio copied. */
  "vp8-opus.webm": [
    ...LAVFI,
    ...["-t", "3", "-c:v", "libvpx", "-deadline", "realtime", "-b:v", "300k", "-c:a", "libopus"],
  ],
  /** 4 s fragmented H.264, keyframe every second, 250 ms fragments: a live video track. */
  "live-video.mp4": [
    ...LAVFI.slice(0, 4),
    ...["-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p"],
    ...["-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-frag_duration", "250000"],
  ],
  /** 4 s fragmented AAC, 250 ms fragments: a live audio track. */
  "live-audio.mp4": [
    ...LAVFI.slice(4),
    ...["-t", "4", "-c:a", "aac", "-b:a", "64k"],
    ...["-movflags", "+empty_moov+default_base_moof", "-frag_duration", "250000"],
  ],
  /** 4 s fragmented Opus, 250 ms fragments: a live audio track as browsers publish it. */
  "live-opus.mp4": [
    ...LAVFI.slice(4),
    ...["-t", "4", "-c:a", "libopus", "-b:a", "64k"],
    ...["-movflags", "+empty_moov+default_base_moof", "-frag_duration", "250000"],
  ],
} as const;

export type FixtureName = keyof typeof RECIPES;

async function make(name: FixtureName): Promise<string> {
  const path = `${DIR}/${name}`;
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // not made yet
  }
  await Deno.mkdir(DIR, { recursive: true });
  const tmp = `${path}.${Deno.pid}.tmp${name.slice(name.lastIndexOf("."))}`;
  const args = ["-hide_banner", "-v", "error", "-y", ...RECIPES[name], tmp];
  const out = await new Deno.Command("ffmpeg", { args, stdout: "null", stderr: "piped" }).output();
  if (out.code !== 0) throw new Error(`fixture ${name}: ${new TextDecoder().decode(out.stderr)}`);
  await Deno.rename(tmp, path);
  return path;
}

/** The path of fixture `name`, made on first use. */
export function fixture(name: FixtureName): Promise<string> {
  return make(name);
}

/** The bytes of fixture `name`. */
export async function fixtureBytes(name: FixtureName): Promise<Uint8Array<ArrayBuffer>> {
  return await Deno.readFile(await fixture(name));
}

// `deno run -A fixtures.ts NAME…` makes the fixtures and prints their paths (for Node-side tests).
if (import.meta.main) {
  for (const name of Deno.args) console.log(await fixture(name as FixtureName));
}
