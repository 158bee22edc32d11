// The VOD pipeline in the dev server: resumable uploads at /uploads/<as_…>,
// packaging one asset at a time once its upload is complete, and the packaged
// files at /vod/<pb_…>/… for players.
import { type AssetRecords, AssetStatus } from "./assets.ts";
import { AssetFailureReason, PackagingError } from "./errors.ts";
import { CATALOG_FILE } from "./package/catalog.ts";
import { packageAsset } from "./package/package-asset.ts";
import { serveFile } from "./serve-files.ts";
import { handleTus } from "./tus/handle.ts";
import { UploadStore } from "./tus/upload-store.ts";

/** Path prefix of everything the VOD pipeline serves. */
export const VOD_PREFIX = "/vod/";
/** Path prefix of the upload URLs `createUpload` returns. */
export const UPLOADS_PREFIX = "/uploads/";

/** Default largest upload: 4 GiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

/** Options of `VodService`. */
export interface VodServiceOptions {
  /** Directory of uploads and packages (one subdirectory per asset). */
  readonly dataDir: string;
  readonly records: AssetRecords;
  /** Largest upload accepted; default 4 GiB. */
  readonly maxUploadBytes?: number;
  /** Reports packaging outcomes (e.g. to the server log). */
  readonly onPackaged?: (assetId: string, outcome: { ok: boolean; detail: string }) => void;
}

function notFound(what: string, cors: Record<string, string>): Response {
  return new Response(`${what}\n`, { status: 404, headers: cors });
}

/** Uploads, packaging and file serving of VOD assets. */
export class VodService {
  readonly #store: UploadStore;
  readonly #records: AssetRecords;
  readonly #maxBytes: number;
  readonly #onPackaged: VodServiceOptions["onPackaged"];
  #queue: Promise<void> = Promise.resolve();
  #pending = 0;

  constructor(options: VodServiceOptions) {
    this.#store = new UploadStore(options.dataDir);
    this.#records = options.records;
    this.#maxBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    this.#onPackaged = options.onPackaged;
  }

  /** The catalog URL path of playback id `playbackId`. */
  static catalogPath(playbackId: string): string {
    return `${VOD_PREFIX}${encodeURIComponent(playbackId)}/${CATALOG_FILE}`;
  }

  /** Packagings queued or running. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Serves `req` when its path is under /uploads/ or /vod/ (undefined otherwise),
   * with `cors` headers on every response.
   */
  handle(req: Request, cors: Record<string, string>): Promise<Response> | undefined {
    const { pathname } = new URL(req.url);
    if (pathname.startsWith(UPLOADS_PREFIX)) {
      return this.#upload(req, pathname.slice(UPLOADS_PREFIX.length), cors);
    }
    if (!pathname.startsWith(VOD_PREFIX)) return undefined;
    const rest = pathname.slice(VOD_PREFIX.length);
    const slash = rest.indexOf("/");
    return this.#files(req, rest.slice(0, slash), rest.slice(slash + 1), cors);
  }

  #upload(req: Request, assetId: string, cors: Record<string, string>): Promise<Response> {
    const asset = this.#records.byId(decodeURIComponent(assetId));
    if (asset === undefined) return Promise.resolve(notFound("no such upload", cors));
    return handleTus(req, asset.id, {
      store: this.#store,
      maxBytes: this.#maxBytes,
      cors,
      onAppend: (id, bytes) => {
        if (this.#records.byId(id)?.status === AssetStatus.WaitingUpload) {
          this.#records.setStatus(id, { status: AssetStatus.Uploading, bytes });
        }
      },
      onComplete: (id, bytes) => this.#complete(id, bytes),
    });
  }

  #files(
    req: Request,
    playbackId: string,
    path: string,
    cors: Record<string, string>,
  ): Promise<Response> {
    if (req.method === "OPTIONS") {
      const headers = { ...cors, "access-control-allow-headers": "range" };
      return Promise.resolve(new Response(null, { status: 204, headers }));
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      const headers = { ...cors, allow: "GET, HEAD, OPTIONS" };
      return Promise.resolve(new Response("use GET\n", { status: 405, headers }));
    }
    const asset = this.#records.byPlaybackId(decodeURIComponent(playbackId));
    if (asset === undefined || asset.status !== AssetStatus.Ready) {
      return Promise.resolve(notFound("no such ready asset", cors));
    }
    return serveFile(req, this.#store.packagePath(asset.id), path, cors);
  }

  #complete(assetId: string, bytes: number): void {
    this.#records.setStatus(assetId, { status: AssetStatus.Processing, bytes });
    this.#enqueue(assetId);
  }

  #enqueue(assetId: string): void {
    this.#pending++;
    this.#queue = this.#queue.then(() => this.#package(assetId)).finally(() => this.#pending--);
  }

  async #package(assetId: string): Promise<void> {
    try {
      const catalog = await packageAsset(
        this.#store.dataPath(assetId),
        this.#store.packagePath(assetId),
      );
      this.#records.setStatus(assetId, {
        status: AssetStatus.Ready,
        durationS: catalog.durationUs / 1_000_000,
      });
      this.#onPackaged?.(assetId, { ok: true, detail: `${catalog.tracks.length} tracks` });
    } catch (e) {
      const failure =
        e instanceof PackagingError
          ? { reason: e.code, message: e.message }
          : { reason: AssetFailureReason.PackagingFailed, message: String(e) };
      this.#records.setStatus(assetId, { status: AssetStatus.Failed, ...failure });
      this.#onPackaged?.(assetId, { ok: false, detail: `${failure.reason}: ${failure.message}` });
    }
  }

  /** Re-queues uploads that completed but were not packaged (a restart mid-packaging). */
  async resume(): Promise<number> {
    let n = 0;
    for await (const assetId of this.#store.assetIds()) {
      const asset = this.#records.byId(assetId);
      if (asset?.status !== AssetStatus.Processing) continue;
      if (!(await this.#store.state(assetId)).complete) continue;
      this.#enqueue(assetId);
      n++;
    }
    return n;
  }

  /** Resolves once every queued packaging finished. */
  async idle(): Promise<void> {
    while (this.#pending > 0) await this.#queue;
  }
}
