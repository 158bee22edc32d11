// Packaging on completion with Debian's ffmpeg: copy, transcode, and each typed
// failure reason; a restart re-queues a completed upload that was not packaged.
// Run: npx deno test -A server/engine/vod/package.deno.test.ts
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { VodService } from "./service.ts";
import { fixtureBytes } from "./testing/fixtures.ts";
import { VodHarness } from "./testing/harness.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** A whole file in one PATCH that declares itself complete (IETF-draft style). */
async function uploadWhole(uploadUrl: string, bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const res = await fetch(uploadUrl, {
    method: "PATCH",
    headers: {
      "tus-resumable": "1.0.0",
      "upload-offset": "0",
      "upload-length": String(bytes.byteLength),
      "content-type": "application/offset+octet-stream",
    },
    body: bytes,
  });
  await res.body?.cancel();
  return res.status;
}

Deno.test({
  name: "packaging: VP8/Opus WebM is transcoded to H.264 with Opus copied",
  ...opts,
  async fn() {
    const h = await VodHarness.start();
    try {
      const { asset, uploadUrl } = h.createUpload();
      assertEquals(await uploadWhole(uploadUrl, await fixtureBytes("vp8-opus.webm")), 204);
      assertEquals((await h.packaged(asset.id)).status, "ready");
      const catalog = await (
        await fetch(`${h.origin}/vod/${asset.playbackId}/catalog.json`)
      ).json();
      type Track = { name: string; codec: string; segments: { startUs: number }[] };
      const tracks: Track[] = catalog.tracks;
      assertEquals(
        tracks.map((t) => t.name),
        ["video/240p", "video/120p", "audio"],
      );
      for (const t of tracks.slice(0, 2)) {
        assertEquals(t.codec.startsWith("avc1.64"), true, `H.264 High, got ${t.codec}`);
        // Keyframes forced every 2 s: a 3 s clip makes fragments starting at 0 and 2 s,
        // in the lower ABR rendition too (cut on the same frames).
        assertEquals(
          t.segments.map((s) => s.startUs),
          [0, 2_000_000],
        );
      }
      assertEquals(tracks[2]!.codec, "opus");
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "packaging failures: not a video, corrupt (truncated), with their reasons",
  ...opts,
  async fn() {
    const h = await VodHarness.start();
    try {
      const good = await fixtureBytes("h264-aac.mp4");
      const cases = [
        ["not_a_video", new TextEncoder().encode("just some notes, not a video\n")],
        ["corrupt", good.slice(0, 120_000)],
        ["corrupt", Uint8Array.from([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, ...new Uint8Array(64)])],
      ] as const;
      for (const [reason, bytes] of cases) {
        const { asset, uploadUrl } = h.createUpload();
        assertEquals(await uploadWhole(uploadUrl, bytes.slice()), 204);
        const done = await h.packaged(asset.id);
        assertEquals(done.status === "failed" && done.reason, reason, JSON.stringify(done));
        const catalog = await fetch(`${h.origin}/vod/${asset.playbackId}/catalog.json`);
        await catalog.body?.cancel();
        assertEquals(catalog.status, 404, "a failed asset serves nothing");
      }
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "restart: a completed upload left in processing is packaged by resume()",
  ...opts,
  async fn() {
    const h = await VodHarness.start();
    try {
      const { asset, uploadUrl } = h.createUpload();
      const put = await fetch(uploadUrl, {
        method: "PUT",
        body: await fixtureBytes("h264-aac.mp4"),
      });
      await put.body?.cancel();
      assertEquals(put.status, 204, "a plain PUT uploads a whole file");
      await h.packaged(asset.id);
      // A second service over the same directory, as after a crash mid-packaging.
      await Deno.remove(`${h.dataDir}/${asset.id}/cmaf`, { recursive: true });
      h.records.setStatus(asset.id, { status: "processing", bytes: 0 });
      const again = new VodService({ dataDir: h.dataDir, records: h.records });
      assertEquals(await again.resume(), 1, "one upload re-queued");
      await again.idle();
      assertEquals(h.status(asset.id), "ready");
    } finally {
      await h.close();
    }
  },
});
