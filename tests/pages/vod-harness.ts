// Browser side of tests/vod.spec.ts: recipe 3 (createUpload, the recipe's own
// tusUpload, then playback of the pb_… id) and streams.assets.upload with
// abort, page reload and resume.
import { type Asset, Streams, StreamsError } from "../../src/streams/index.ts";

interface Control {
  readonly api: string;
  readonly apiKey: string;
  readonly orgId: string;
}

const streams = (c: Control) => new Streams({ baseUrl: c.api, apiKey: c.apiKey, orgId: c.orgId });

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

async function fileOf(url: string): Promise<File> {
  const bytes = await (await fetch(url)).arrayBuffer();
  // A fixed name, type and date: the same fingerprint after a reload.
  return new File([bytes], "Session-Recording.mp4", {
    type: "video/mp4",
    lastModified: 1_700_000_000_000,
  });
}

async function settled(s: Streams, id: string): Promise<Asset> {
  for (let i = 0; i < 300; i++) {
    const asset = await s.assets.get({ id });
    if (asset.status === "ready" || asset.status === "failed") return asset;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`asset ${id} never settled`);
}

const api = {
  /** Recipe 3 up to a packaged asset: its playback id. */
  async recipeUpload(
    c: Control,
    fixtureUrl: string,
  ): Promise<{ status: string; playbackId: string }> {
    const s = streams(c);
    const { uploadUrl, assetId } = await s.assets.createUpload({ name: "Session-Recording.mp4" });
    await tusUpload(uploadUrl, new Uint8Array(await (await fetch(fixtureUrl)).arrayBuffer()));
    const asset = await settled(s, assetId);
    return { status: asset.status, playbackId: asset.playback_id };
  },

  /** Starts streams.assets.upload and aborts it once `abortAtBytes` are confirmed. */
  async abortedUpload(c: Control, fixtureUrl: string, abortAtBytes: number): Promise<string> {
    const ac = new AbortController();
    try {
      await streams(c).assets.upload(await fileOf(fixtureUrl), {
        chunkSize: 64 << 10,
        signal: ac.signal,
        onProgress: ({ bytesUploaded }) => {
          if (bytesUploaded >= abortAtBytes) ac.abort();
        },
      });
      return "completed";
    } catch (e) {
      return e instanceof StreamsError ? e.code : String(e);
    }
  },

  /** Uploads the same file again: it resumes; returns where it resumed and the final asset. */
  async resumedUpload(c: Control, fixtureUrl: string) {
    const s = streams(c);
    const progress: number[] = [];
    const result = await s.assets.upload(await fileOf(fixtureUrl), {
      chunkSize: 64 << 10,
      onProgress: ({ bytesUploaded }) => progress.push(bytesUploaded),
    });
    const asset = await settled(s, result.assetId);
    return {
      resumed: result.resumed,
      firstProgress: progress[0] ?? -1,
      status: asset.status,
      size: asset.size_bytes,
    };
  },

  /** Bad arguments throw at the call site with a typed error. */
  badArgument(c: Control): string {
    try {
      void streams(c).assets.upload("not a file" as unknown as Blob);
      return "accepted";
    } catch (e) {
      return e instanceof StreamsError ? `${e.code}: ${e.message}` : String(e);
    }
  },
};

export type VodHarnessApi = typeof api;
(window as unknown as { vod: VodHarnessApi }).vod = api;
