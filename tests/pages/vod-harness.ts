// Browser side of tests/vod.spec.ts: recipe 3 (createUpload, the recipe's own
// tusUpload, then playback of the pb_… id) and streams.assets.upload with
// abort, page reload and resume.
import {
  type AbrOptions,
  type Asset,
  type BroadcastViewer,
  type BroadcastViewerError,
  Streams,
  StreamsError,
} from "../../src/streams/index.ts";

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

let abrRun: { viewer: BroadcastViewer; events: string[]; errors: string[] } | undefined;

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

  /**
   * `viewer.play("pb_…")`: plays from the start, pins the lower rendition, seeks
   * to `seekToS` and plays to the end; what the viewer reported on the way.
   */
  async playVod(apiBase: string, playbackId: string, seekToS: number) {
    const video = document.querySelector("video")!;
    const viewer = new Streams({ apiBase }).viewer();
    const events: string[] = [];
    const errors: string[] = [];
    const ended = new Promise<void>((resolve) => viewer.on("ended", () => resolve()));
    viewer.on("rendition", (e) => events.push(`rendition ${e.name} ${e.reason}`));
    viewer.on("error", (e: BroadcastViewerError) => errors.push(`${e.code}: ${e.message}`));
    const started = new Promise<number>((resolve) =>
      viewer.on("started", (e) => resolve(e.timeToFirstFrameMs)),
    );
    viewer.attach(video);
    await viewer.play(playbackId);
    const timeToFirstFrameMs = await started;
    const before = viewer.stats();
    viewer.setRendition(before.renditions.at(-1)!);
    while (video.currentTime < 1) await new Promise((r) => setTimeout(r, 50));
    performance.mark("seek");
    video.currentTime = seekToS;
    await ended;
    const after = viewer.stats();
    const durationS = video.duration;
    const endedAtS = video.currentTime;
    await viewer.stop();
    return { timeToFirstFrameMs, before, after, events, errors, durationS, endedAtS };
  },

  /**
   * Starts automatic-ABR playback of `playbackId` and keeps it running for
   * `abrState`; returns each video rendition's declared bitrate.
   */
  async startAbr(apiBase: string, playbackId: string, abr: AbrOptions) {
    const video = document.querySelector("video")!;
    const viewer = new Streams({ apiBase }).viewer({ abr });
    abrRun = { viewer, events: [], errors: [] };
    const run = abrRun;
    viewer.on("rendition", (e) => run.events.push(`${e.name} ${e.reason}`));
    viewer.on("error", (e: BroadcastViewerError) => run.errors.push(`${e.code}: ${e.message}`));
    const started = new Promise<void>((resolve) => viewer.on("started", () => resolve()));
    viewer.attach(video);
    await viewer.play(playbackId);
    await started;
    const catalog = await (await fetch(`${apiBase}/vod/${playbackId}/catalog.json`)).json();
    const bitrates: Record<string, number> = {};
    for (const t of catalog.tracks) if (t.name.startsWith("video/")) bitrates[t.name] = t.bitrate;
    return bitrates;
  },

  /** What the running ABR playback reported so far. */
  abrState() {
    const { viewer, events, errors } = abrRun!;
    const { rendition, rebufferCount, bufferMs } = viewer.stats();
    return { events, errors, rendition, rebufferCount, bufferMs };
  },

  async stopAbr(): Promise<void> {
    await abrRun?.viewer.stop();
    abrRun = undefined;
  },

  /** `play("pb_…")` of an id that has no ready asset: the typed error. */
  async playMissing(apiBase: string): Promise<string> {
    const viewer = new Streams({ apiBase }).viewer();
    viewer.attach(document.querySelector("video")!);
    try {
      await viewer.play("pb_doesnotexist");
      return "played";
    } catch (e) {
      return (e as BroadcastViewerError).code;
    }
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
