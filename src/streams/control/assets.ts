import {
  type AssetUploadOptions,
  type AssetUploadResult,
  checkUploadArguments,
  uploadAsset,
} from "./asset-upload.ts";
import type { CallOptions, ControlPlane } from "./control-plane.ts";
import type { Asset } from "./types.ts";

/** `streams.assets`: VOD assets and their uploads. */
export class Assets {
  readonly #api: ControlPlane;

  /** @internal */
  constructor(api: ControlPlane) {
    this.#api = api;
  }

  /**
   * A new asset waiting for its file: upload it resumably to `uploadUrl` (with the
   * same bearer key); the asset plays as its `pb_…` playback id once packaged.
   */
  createUpload(
    params: { name: string },
    options?: CallOptions,
  ): Promise<{ uploadUrl: string; assetId: string; asset: Asset }> {
    return this.#api.mutation("assets.createUpload", params, options);
  }

  /**
   * Uploads `file` resumably (the TUS protocol, through tus-js-client): creates
   * the asset, sends `chunkSize` pieces with retries and backoff, reports
   * `onProgress`, stops on `signal`. Uploading the same file again (even after a
   * page reload) continues from the last confirmed byte. Resolves once every
   * byte is stored; the asset is then `processing` until it is `ready` (or `failed`).
   *
   * ```ts
   * const { assetId } = await streams.assets.upload(fileInput.files[0], {
   *   onProgress: ({ bytesUploaded, bytesTotal }) => console.log(bytesUploaded / bytesTotal),
   * });
   * ```
   */
  upload(file: Blob, options: AssetUploadOptions = {}): Promise<AssetUploadResult> {
    checkUploadArguments(file, options);
    return uploadAsset(file, options, (name) =>
      this.createUpload({ name }, options.signal !== undefined ? { signal: options.signal } : {}),
    );
  }

  /** One asset by its `as_…` id or `pb_…` playback id. */
  get(params: { id: string }, options?: CallOptions): Promise<Asset> {
    return this.#api.query("assets.get", params, options);
  }

  /** The org's assets, newest first. */
  list(options?: CallOptions): Promise<Asset[]> {
    return this.#api.query("assets.list", undefined, options);
  }

  /** Deletes an asset. */
  delete(params: { id: string }, options?: CallOptions): Promise<{ id: string; deleted: true }> {
    return this.#api.mutation("assets.delete", params, options);
  }
}
