// VOD and ingest: resumable upload throughput (8 MiB PATCHes as in seed recipe
// 3, next to one plain PUT of the same bytes, same run), packaging time per
// minute of media, and how long after the encoder's first media message an
// RTMP and an SRT ingest publish their tracks (loaded dev server, ffmpeg's test
// source; ingest start-up is mostly ffmpeg's).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { Streams } from "../src/streams/index.ts";
import { type DevServerChild, startDevServer } from "../tests/pages/client-dev-server.ts";
import type { BenchResult } from "./types.ts";

const ROOT = resolve(import.meta.dirname, "..");
const MEDIA_S = 60;
const FIXTURE = resolve(ROOT, `.cache/bench/vod-${MEDIA_S}s-720p.mp4`);
const CHUNK_BYTES = 8 * 1024 * 1024;
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

/** Seed recipe 3's tusUpload: HEAD for the offset, then PATCHes of `CHUNK_BYTES`. */
async function tusUpload(uploadUrl: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  const head = await fetch(uploadUrl, { method: "HEAD", headers: { "tus-resumable": "2.0.0" } });
  let offset = Number(head.headers.get("upload-offset") ?? 0);
  while (offset < bytes.byteLength) {
    const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
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

/** Uploads `bytes` one way; returns the upload's and the packaging's milliseconds. */
async function uploadAndPackage(
  streams: Streams,
  bytes: Uint8Array<ArrayBuffer>,
  send: (url: string, bytes: Uint8Array<ArrayBuffer>) => Promise<void>,
): Promise<{ uploadMs: number; packageMs: number }> {
  const { uploadUrl, assetId } = await streams.assets.createUpload({ name: "bench.mp4" });
  const t0 = performance.now();
  await send(uploadUrl, bytes);
  const t1 = performance.now();
  for (;;) {
    const asset = await streams.assets.get({ id: assetId });
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

/** Milliseconds from the first media message to the published tracks, per run. */
async function ingestStartup(
  server: DevServerChild,
  streams: Streams,
  ingest: "rtmp" | "srt",
): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < INGEST_RUNS; i++) {
    const { input, streamKey } = await streams.liveInputs.create({ name: `bench ${i}`, ingest });
    const seen = server.logs.length;
    await encode(`${input.ingest_url}/${streamKey}`, ingest === "rtmp" ? "flv" : "mpegts", 4);
    const published = server.logs.slice(seen).find((r) => r.event === "ingest.tracks_published");
    if (published !== undefined) ms.push(Number(published.afterFirstMediaMs));
  }
  return ms;
}

export async function run(): Promise<BenchResult[]> {
  const t0 = Date.now();
  const bytes = fixture();
  const { server, ready } = await startDevServer({
    logLevel: "info",
    args: ["--ephemeral", "--rtmp-port", "0", "--srt-port", "0"],
  });
  const results: BenchResult[] = [];
  try {
    const streams = new Streams({ baseUrl: ready.api, apiKey: ready.apiKey, orgId: ready.orgId });
    const mb = bytes.byteLength / 1e6;
    const chunked = await uploadAndPackage(streams, bytes, tusUpload);
    const put = await uploadAndPackage(streams, bytes, plainPut);
    const chunkedMBps = mb / (chunked.uploadMs / 1000);
    const putMBps = mb / (put.uploadMs / 1000);
    results.push(
      {
        name: "tus upload throughput, 8 MiB PATCHes (baseline: one plain PUT of the same bytes)",
        unit: "MB/s",
        value: chunkedMBps,
        baseline: putMBps,
        ratio: chunkedMBps / putMBps,
        note: `${mb.toFixed(1)} MB file, loopback; ${loadNote()}`,
      },
      {
        name: "packaging time per minute of media (720p H.264/AAC copied + a 360p rendition transcoded)",
        unit: "s/min",
        value: (chunked.packageMs + put.packageMs) / 2 / 1000 / (MEDIA_S / 60),
        note: `two packagings: ${Math.round(chunked.packageMs)} and ${Math.round(put.packageMs)} ms for ${MEDIA_S} s; ${loadNote()}`,
      },
    );
    for (const ingest of ["rtmp", "srt"] as const) {
      const ms = await ingestStartup(server, streams, ingest);
      results.push({
        name: `${ingest.toUpperCase()} ingest: tracks published after the first media message (median)`,
        unit: "ms",
        value: ms.length > 0 ? median(ms) : Number.NaN,
        note: `runs: ${ms.join(", ")} ms; 720p30 H.264 + AAC from ffmpeg; ${loadNote()}`,
      });
    }
    console.error(`bench: vod.bench.ts took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return results;
  } finally {
    await server.stop();
  }
}
