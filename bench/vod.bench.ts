// VOD and ingest: resumable upload throughput (the SDK's default PATCHes and
// 32 MiB ones, next to one plain PUT of the same bytes, rounds
// interleaved in one run), packaging time per minute of media, and how long
// after the encoder's first media message an RTMP and an SRT ingest publish
// their tracks and their first fragments (ffmpeg's test source).
import { execFileSync, spawn } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { DEFAULT_UPLOAD_CHUNK_BYTES } from "../src/streams/control/asset-upload.ts";
import { type DevServerChild, startDevServer } from "../tests/pages/client-dev-server.ts";
import { type Control, controlPlane } from "./control-plane.ts";
import type { BenchResult } from "./types.ts";

const ROOT = resolve(import.meta.dirname, "..");
const MEDIA_S = 60;
const FIXTURE = resolve(ROOT, `.cache/bench/vod-${MEDIA_S}s-720p.mp4`);
/** A larger chunk than the SDK's default, measured beside it. */
const LARGE_CHUNK_BYTES = 32 << 20;
/** Bytes of each throughput upload: random, so a chunked upload never completes nor packages. */
const UPLOAD_BYTES = 96 << 20;
const UPLOAD_ROUNDS = 3;
const INGEST_RUNS = 3;

const loadNote = () => `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (v: readonly number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

/** A minute of 720p H.264 + AAC, made once. */
function fixture(): Uint8Array<ArrayBuffer> {
  if (!existsSync(FIXTURE)) {
    mkdirSync(resolve(FIXTURE, ".."), { recursive: true });
    execFileSync("ffmpeg", [
      ...["-hide_banner", "-v", "error", "-y"],
      ...["-f", "lavfi", "-i", `testsrc2=size=1280x720:rate=30:duration=${MEDIA_S}`],
      ...["-f", "lavfi", "-i", `sine=frequency=440:duration=${MEDIA_S}`],
      ...[
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-b:v",
        "3M",
        "-g",
        "60",
        "-pix_fmt",
        "yuv420p",
      ],
      ...["-c:a", "aac", "-movflags", "+faststart", FIXTURE],
    ]);
  }
  return new Uint8Array(readFileSync(FIXTURE));
}

/** Seed recipe 3's tusUpload: HEAD for the offset, then PATCHes of `chunkBytes`. */
async function tusUpload(
  uploadUrl: string,
  bytes: Uint8Array<ArrayBuffer>,
  chunkBytes: number,
): Promise<void> {
  const head = await fetch(uploadUrl, { method: "HEAD", headers: { "tus-resumable": "2.0.0" } });
  let offset = Number(head.headers.get("upload-offset") ?? 0);
  while (offset < bytes.byteLength) {
    const chunk = bytes.subarray(offset, offset + chunkBytes);
    const res = await fetch(uploadUrl, {
      method: "PATCH",
      headers: {
        "tus-resumable": "2.0.0",
        "upload-offset": String(offset),
        "content-type": "application/offset+octet-stream",
      },
      body: chunk,
    });
    if (!res.ok) throw new Error(`PATCH at ${offset}: ${res.status} ${await res.text()}`);
    offset = Number(res.headers.get("upload-offset"));
  }
}

async function plainPut(uploadUrl: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  const res = await fetch(uploadUrl, { method: "PUT", body: bytes });
  if (!res.ok) throw new Error(`PUT: ${res.status} ${await res.text()}`);
}

/** MB/s of each way to upload, `UPLOAD_ROUNDS` rounds with the order rotated each round. */
async function uploadThroughput(control: Control): Promise<Record<string, number[]>> {
  const bytes = new Uint8Array(UPLOAD_BYTES);
  for (let at = 0; at < bytes.byteLength; at += 65_536) {
    randomFillSync(bytes.subarray(at, at + 65_536));
  }
  const ways: Record<string, (url: string) => Promise<void>> = {
    put: (url) => plainPut(url, bytes),
    sdk: (url) => tusUpload(url, bytes, DEFAULT_UPLOAD_CHUNK_BYTES),
    large: (url) => tusUpload(url, bytes, LARGE_CHUNK_BYTES),
  };
  const names = Object.keys(ways);
  const mbps: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < UPLOAD_ROUNDS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!;
      const { uploadUrl } = await control.assets.createUpload({ name: "bench.bin" });
      const t0 = performance.now();
      await ways[name]!(uploadUrl);
      mbps[name]!.push(bytes.byteLength / 1e6 / ((performance.now() - t0) / 1000));
    }
  }
  return mbps;
}

/** Uploads `bytes` one way; returns the upload's and the packaging's milliseconds. */
async function uploadAndPackage(
  control: Control,
  bytes: Uint8Array<ArrayBuffer>,
  send: (url: string, bytes: Uint8Array<ArrayBuffer>) => Promise<void>,
): Promise<{ uploadMs: number; packageMs: number }> {
  const { uploadUrl, assetId } = await control.assets.createUpload({ name: "bench.mp4" });
  const t0 = performance.now();
  await send(uploadUrl, bytes);
  const t1 = performance.now();
  for (;;) {
    const asset = await control.assets.get({ id: assetId });
    if (asset.status === "ready") break;
    if (asset.status === "failed") throw new Error(`packaging failed: ${asset.failure_reason}`);
    if (performance.now() - t1 > 300_000) throw new Error("packaging took over 5 minutes");
    await sleep(100);
  }
  return { uploadMs: t1 - t0, packageMs: performance.now() - t1 };
}

/** ffmpeg's test source into `url` for `seconds`, in real time. */
async function encode(url: string, format: "flv" | "mpegts", seconds: number): Promise<void> {
  const child = spawn(
    "ffmpeg",
    [
      ...["-hide_banner", "-v", "error", "-re"],
      ...["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30"],
      ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
      ...["-t", String(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency"],
      ...["-g", "60", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", format, url],
    ],
    { stdio: "ignore" },
  );
  await new Promise((r) => child.once("exit", r));
}

/** Milliseconds from the first media message to the published tracks and first fragments. */
async function ingestStartup(
  server: DevServerChild,
  control: Control,
  ingest: "rtmp" | "srt",
): Promise<{ tracksMs: number[]; fragmentsMs: number[] }> {
  const tracksMs: number[] = [];
  const fragmentsMs: number[] = [];
  for (let i = 0; i < INGEST_RUNS; i++) {
    const { input, streamKey } = await control.liveInputs.create({ name: `bench ${i}`, ingest });
    const seen = server.logs.length;
    await encode(`${input.ingest_url}/${streamKey}`, ingest === "rtmp" ? "flv" : "mpegts", 4);
    const logs = server.logs.slice(seen);
    const published = logs.find((r) => r.event === "ingest.tracks_published");
    if (published !== undefined) tracksMs.push(Number(published.afterFirstMediaMs));
    // Media flows once both tracks had their first fragment (the first session only).
    const first = new Map<unknown, number>();
    for (const r of logs) {
      if (r.event === "ingest.first_fragment" && !first.has(r.track)) {
        first.set(r.track, Number(r.afterFirstMediaMs));
      }
    }
    if (first.size === 2) fragmentsMs.push(Math.max(...first.values()));
  }
  return { tracksMs, fragmentsMs };
}

export async function run(): Promise<BenchResult[]> {
  const t0 = Date.now();
  const media = fixture();
  const { server, ready } = await startDevServer({
    logLevel: "info",
    args: ["--ephemeral", "--rtmp-port", "0", "--srt-port", "0"],
  });
  const results: BenchResult[] = [];
  try {
    const control = controlPlane(ready);
    const mbps = await uploadThroughput(control);
    const put = median(mbps.put!);
    const note = (name: string) =>
      `${UPLOAD_BYTES >> 20} MiB, loopback, median of ${UPLOAD_ROUNDS} interleaved rounds (${mbps[name]!.map((v) => v.toFixed(0)).join(", ")} MB/s; PUT ${mbps.put!.map((v) => v.toFixed(0)).join(", ")}); ${loadNote()}`;
    for (const [name, label] of [
      ["sdk", `${DEFAULT_UPLOAD_CHUNK_BYTES >> 20} MiB PATCHes (the SDK's default chunkSize)`],
      ["large", `${LARGE_CHUNK_BYTES >> 20} MiB PATCHes`],
    ] as const) {
      const value = median(mbps[name]!);
      results.push({
        name: `tus upload throughput, ${label} (baseline: one plain PUT of the same bytes)`,
        unit: "MB/s",
        value,
        baseline: put,
        ratio: value / put,
        note: note(name),
      });
    }
    const packaged = await uploadAndPackage(control, media, plainPut);
    results.push({
      name: "packaging time per minute of media (720p H.264/AAC copied + a 360p rendition transcoded)",
      unit: "s/min",
      value: packaged.packageMs / 1000 / (MEDIA_S / 60),
      note: `${Math.round(packaged.packageMs)} ms for ${MEDIA_S} s; ${loadNote()}`,
    });
    for (const ingest of ["rtmp", "srt"] as const) {
      const { tracksMs, fragmentsMs } = await ingestStartup(server, control, ingest);
      const kind = ingest.toUpperCase();
      results.push(
        {
          name: `${kind} ingest: tracks published after the first media message (median)`,
          unit: "ms",
          value: tracksMs.length > 0 ? median(tracksMs) : Number.NaN,
          note: `runs: ${tracksMs.join(", ")} ms; 720p30 H.264 + AAC from ffmpeg; ${loadNote()}`,
        },
        {
          name: `${kind} ingest: first fragment of both tracks published after the first media message (median)`,
          unit: "ms",
          value: fragmentsMs.length > 0 ? median(fragmentsMs) : Number.NaN,
          note: `runs: ${fragmentsMs.join(", ")} ms; 0.5 s fragments from the remuxers' ffmpeg; ${loadNote()}`,
        },
      );
    }
    console.error(`bench: vod.bench.ts took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return results;
  } finally {
    await server.stop();
  }
}
