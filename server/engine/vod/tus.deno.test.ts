// The resumable-upload endpoint over real HTTP: the streams recipe's TUS2
// flow verbatim, tus-js-client (killed mid-way and resumed), and every refusal.
// Run: npx deno test -A server/engine/vod/tus.deno.test.ts

import { ok as assert, deepStrictEqual as assertEquals } from "node:assert/strict";
import { Buffer } from "node:buffer";
import * as tus from "tus-js-client";
import { fixtureBytes } from "./testing/fixtures.ts";
import { VodHarness } from "./testing/harness.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

// Seed 003, recipe 3 — the function exactly as the recipe writes it.
async function tusUpload(uploadUrl: string, bytes: Uint8Array, chunk = 8 << 20) {
  // On reconnect, HEAD uploadUrl to read Upload-Offset and resume there.
  let offset = Number(
    (await fetch(uploadUrl, { method: "HEAD", headers: { "tus-resumable": "2.0.0" } })).headers.get(
      "upload-offset",
    ) ?? 0,
  );
  while (offset < bytes.byteLength) {
    const end = Math.min(offset + chunk, bytes.byteLength);
    const res = await fetch(uploadUrl, {
      method: "PATCH",
      headers: {
        "tus-resumable": "2.0.0",
        "upload-offset": String(offset),
        "content-type": "application/offset+octet-stream",
      },
      body: bytes.slice(offset, end),
    });
    offset = Number(res.headers.get("upload-offset") ?? end);
  }
}

function patch(
  url: string,
  offset: number,
  body: BodyInit | null,
  extra: Record<string, string> = {},
) {
  return fetch(url, {
    method: "PATCH",
    headers: {
      "tus-resumable": "2.0.0",
      "upload-offset": String(offset),
      "content-type": "application/offset+octet-stream",
      ...extra,
    },
    body,
  });
}

async function head(url: string): Promise<Response> {
  const res = await fetch(url, { method: "HEAD", headers: { "tus-resumable": "2.0.0" } });
  await res.body?.cancel();
  return res;
}

Deno.test({
  name: "TUS2 recipe flow: chunks, packaging, catalog and segments served",
  ...opts,
  async fn() {
    const h = await VodHarness.start();
    try {
      const bytes = await fixtureBytes("h264-aac.mp4");
      const { asset, uploadUrl } = h.createUpload();
      await tusUpload(uploadUrl, bytes, 64 << 10);
      const done = await h.packaged(asset.id);
      assertEquals(done.status, "ready", JSON.stringify(done));
      assertEquals(
        h.records.changes.map((c) => c.change.status),
        ["processing", "ready"],
        "status order",
      );
      const stored = await Deno.readFile(`${h.dataDir}/${asset.id}/upload.bin`);
      assertEquals(stored, bytes, "stored bytes");

      const catalogUrl = `${h.origin}/vod/${asset.playbackId}/catalog.json`;
      const catalog = await (await fetch(catalogUrl)).json();
      assertEquals([catalog.version, catalog.live], [1, false]);
      // The source rendition, the lower ABR rendition, the audio.
      const [video, lower, audio] = catalog.tracks;
      assertEquals([lower.name, lower.segments.length], ["video/120p", 2]);
      assertEquals([video.name, video.kind, video.codec], ["video/240p", "video", "avc1.42C00D"]);
      assertEquals([audio.name, audio.codec, audio.sampleRate], ["audio", "mp4a.40.2", 48000]);
      assertEquals(video.segments.length, 2, "2 s fragments of a 4 s video");
      assertEquals(catalog.durationUs, 4_000_000);

      const init = new Uint8Array(
        await (await fetch(new URL(video.initSegment, catalogUrl))).arrayBuffer(),
      );
      assertEquals(new TextDecoder().decode(init.subarray(4, 8)), "ftyp");
      const seg = await fetch(new URL(video.segments[1].url, catalogUrl));
      assertEquals(seg.headers.get("content-type"), "video/iso.segment");
      const segBytes = new Uint8Array(await seg.arrayBuffer());
      assertEquals(segBytes.byteLength, video.segments[1].bytes);
      assertEquals(new TextDecoder().decode(segBytes.subarray(4, 8)), "moof");

      const ranged = await fetch(new URL(video.segments[1].url, catalogUrl), {
        headers: { range: "bytes=0-7" },
      });
      assertEquals(ranged.status, 206);
      assertEquals(new Uint8Array(await ranged.arrayBuffer()), segBytes.subarray(0, 8));
      const outside = await fetch(`${h.origin}/vod/${asset.playbackId}/../upload.bin`);
      await outside.body?.cancel();
      assertEquals(outside.status, 404, "no path outside the package");
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "TUS2 flow: an interrupted upload is never packaged, and resumes from HEAD",
  ...opts,
  async fn() {
    const h = await VodHarness.start();
    try {
      const bytes = await fixtureBytes("h264-aac.mp4");
      const { asset, uploadUrl } = h.createUpload();
      const half = 200_000;
      const res = await patch(uploadUrl, 0, bytes.slice(0, half));
      await res.body?.cancel();
      assertEquals(res.status, 204);
      assertEquals(res.headers.get("upload-offset"), String(half));
      assertEquals(h.status(asset.id), "uploading", "a partial MP4 stays uploading");
      assertEquals(h.service.pending, 0, "nothing queued for packaging");
      assertEquals((await head(uploadUrl)).headers.get("upload-offset"), String(half));
      await tusUpload(uploadUrl, bytes, 1 << 20);
      assertEquals((await h.packaged(asset.id)).status, "ready");
      assertEquals((await head(uploadUrl)).headers.get("upload-offset"), String(bytes.byteLength));
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "tus-js-client: killed mid-way, resumed from the confirmed offset",
  ...opts,
  async fn() {
    const h = await VodHarness.start();
    try {
      const bytes = await fixtureBytes("h264-aac.mp4");
      const { asset, uploadUrl } = h.createUpload();
      const chunkSize = 100_000;
      const first = new tus.Upload(Buffer.from(bytes), {
        uploadUrl,
        uploadLengthDeferred: true,
        chunkSize,
        retryDelays: [],
      });
      const killedAt = await new Promise<number>((resolve, reject) => {
        first.options.onChunkComplete = (_chunk, accepted) => {
          if (accepted >= 2 * chunkSize) void first.abort().then(() => resolve(accepted));
        };
        first.options.onError = reject;
        first.start();
      });
      assertEquals(killedAt, 2 * chunkSize, "aborted after two chunks");
      assertEquals(h.status(asset.id), "uploading");

      let resumedFrom = -1;
      const progress: number[] = [];
      await new Promise<void>((resolve, reject) => {
        const second = new tus.Upload(Buffer.from(bytes), {
          uploadUrl,
          uploadLengthDeferred: true,
          chunkSize,
          onProgress: (sent) => {
            if (resumedFrom < 0) resumedFrom = sent;
            progress.push(sent);
          },
          onSuccess: () => resolve(),
          onError: reject,
        });
        second.start();
      });
      assertEquals(resumedFrom, killedAt, "resumed at the confirmed offset, not from 0");
      assertEquals(progress.at(-1), bytes.byteLength);
      assertEquals(await Deno.readFile(`${h.dataDir}/${asset.id}/upload.bin`), bytes);
      assertEquals((await h.packaged(asset.id)).status, "ready");
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "refusals: wrong offset (409 + offset), concurrent PATCH (423), version, type, size",
  ...opts,
  async fn() {
    const h = await VodHarness.start({ maxUploadBytes: 1000 });
    try {
      const { asset, uploadUrl } = h.createUpload();
      let res = await patch(uploadUrl, 0, new Uint8Array(100));
      await res.body?.cancel();
      assertEquals(res.status, 204);

      res = await patch(uploadUrl, 50, new Uint8Array(10));
      assertEquals(res.status, 409);
      assertEquals(res.headers.get("upload-offset"), "100", "409 carries the right offset");
      assert((await res.text()).includes("does not match"));

      // One PATCH holds the upload open; a second one meanwhile is refused.
      let release!: () => void;
      const held = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new Uint8Array(10));
          release = () => c.close();
        },
      });
      const slow = patch(uploadUrl, 100, held);
      await new Promise((r) => setTimeout(r, 100));
      res = await patch(uploadUrl, 100, new Uint8Array(10));
      await res.body?.cancel();
      assertEquals(res.status, 423, "concurrent PATCH refused");
      release();
      res = await slow;
      await res.body?.cancel();
      assertEquals([res.status, res.headers.get("upload-offset")], [204, "110"]);

      res = await fetch(uploadUrl, {
        method: "PATCH",
        headers: { "tus-resumable": "0.2.2", "upload-offset": "110" },
        body: "x",
      });
      await res.body?.cancel();
      assertEquals(res.status, 412, "unsupported version");
      assertEquals(res.headers.get("tus-version"), "1.0.0,2.0.0");

      res = await patch(uploadUrl, 110, "x", { "content-type": "text/plain" });
      await res.body?.cancel();
      assertEquals(res.status, 415, "wrong content type");

      res = await patch(uploadUrl, 110, "x", { "upload-offset": "-4" });
      await res.body?.cancel();
      assertEquals(res.status, 400, "malformed offset");

      res = await patch(uploadUrl, 110, new Uint8Array(2000));
      await res.body?.cancel();
      assertEquals(res.status, 413, "over the size limit");
      assertEquals(
        res.headers.get("upload-offset"),
        "110",
        "accepted bytes kept, the rest dropped",
      );

      res = await patch(uploadUrl, 110, "x", { "upload-length": "5000" });
      await res.body?.cancel();
      assertEquals(res.status, 413, "declared length over the limit");

      assertEquals((await head(uploadUrl)).headers.get("upload-offset"), "110");
      assertEquals(h.status(asset.id), "uploading");
      const unknown = await head(`${h.origin}/uploads/as_nope`);
      assertEquals(unknown.status, 404);
    } finally {
      await h.close();
    }
  },
});
