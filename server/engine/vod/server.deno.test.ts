// The VOD pipeline inside the real dev server: createUpload over tRPC, the
// recipe's TUS2 upload to the returned uploadUrl, status polled through
// assets.get until ready (or failed, with its reason), files served for pb_….
// Run: npx deno test -A --unstable-net server/engine/vod/server.deno.test.ts
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { ServerProcess } from "../../tests/process.ts";
import { rpc } from "../testing/rpc.ts";
import { fixtureBytes } from "./testing/fixtures.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

interface Asset {
  status: string;
  playback_id: string;
  failure_reason: string | null;
  duration_seconds: number | null;
}

async function settled(server: ServerProcess, id: string): Promise<Asset> {
  for (let i = 0; i < 200; i++) {
    const asset = await rpc<Asset>(server, "query", "assets.get", { id });
    if (asset.status === "ready" || asset.status === "failed") return asset;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`asset ${id} never settled`);
}

async function upload(
  url: string,
  bytes: Uint8Array<ArrayBuffer>,
  headers: Record<string, string>,
) {
  const res = await fetch(url, {
    method: "PATCH",
    headers: {
      "upload-offset": "0",
      "content-type": "application/offset+octet-stream",
      ...headers,
    },
    body: bytes,
  });
  await res.body?.cancel();
  return res.status;
}

Deno.test({
  name: "dev server: createUpload → TUS2 upload → ready asset served by playback id; corrupt → failed",
  ...opts,
  async fn() {
    const server = await ServerProcess.start(["--port", "0", "--ephemeral"]);
    try {
      const { uploadUrl, assetId } = await rpc<{ uploadUrl: string; assetId: string }>(
        server,
        "mutation",
        "assets.createUpload",
        { name: "Session-Recording.mp4" },
      );
      const bytes = await fixtureBytes("h264-aac.mp4");
      assertEquals(await upload(uploadUrl, bytes, { "tus-resumable": "2.0.0" }), 204);
      const ready = await settled(server, assetId);
      assertEquals([ready.status, ready.duration_seconds], ["ready", 4]);
      const catalog = await fetch(`${server.ready.http}/vod/${ready.playback_id}/catalog.json`);
      // Video, its lower ABR rendition, audio.
      assertEquals((await catalog.json()).tracks.length, 3);

      const bad = await rpc<{ uploadUrl: string; assetId: string }>(
        server,
        "mutation",
        "assets.createUpload",
        {
          name: "broken.mp4",
        },
      );
      const truncated = bytes.slice(0, 120_000);
      assertEquals(
        await upload(bad.uploadUrl, truncated, {
          "tus-resumable": "1.0.0",
          "upload-length": "120000",
        }),
        204,
      );
      const failed = await settled(server, bad.assetId);
      assertEquals([failed.status, failed.failure_reason], ["failed", "corrupt"]);
    } finally {
      await server.stop();
    }
  },
});
