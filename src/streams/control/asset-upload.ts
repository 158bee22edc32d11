// `streams.assets.upload`: a resumable upload through tus-js-client (loaded on
// first use) to the `uploadUrl` of `createUpload`, with progress, retries with
// backoff, AbortSignal, and resume after a page reload from tus-js-client's
// fingerprint store (the asset id travels in the stored upload's metadata).
import type { DetailedError, Upload, UploadOptions } from "tus-js-client";
import { StreamsError, StreamsErrorCode } from "../errors.ts";

/** Progress of an upload. */
export interface UploadProgress {
  readonly bytesUploaded: number;
  readonly bytesTotal: number;
}

/** Options of `streams.assets.upload`. */
export interface AssetUploadOptions {
  /** The asset's name; default the file's name (or "upload"). */
  readonly name?: string;
  /** Called as bytes are confirmed. */
  readonly onProgress?: (progress: UploadProgress) => void;
  /** Aborts the upload; it can be resumed later by uploading the same file again. */
  readonly signal?: AbortSignal;
  /** Bytes per PATCH request; default 8 MiB (`DEFAULT_UPLOAD_CHUNK_BYTES`). */
  readonly chunkSize?: number;
  /** Waits before each retry of a failed request; default [0, 1000, 3000, 5000] ms. */
  readonly retryDelaysMs?: readonly number[];
}

/** A finished upload: the asset packages next (status `processing`, then `ready` or `failed`). */
export interface AssetUploadResult {
  readonly assetId: string;
  /** True when an earlier, interrupted upload of the same file was continued. */
  readonly resumed: boolean;
}

/**
 * Default bytes per PATCH: 8 MiB, as seed recipe 3. Each PATCH costs a round trip
 * and a flush to disk before the server confirms its offset; measured side by side
 * (`npm run bench -- vod`), 32 MiB PATCHes were no faster, while smaller requests
 * keep a retry cheap and stay far below common proxies' body limits. A Blob slice
 * costs no memory, so the size does not weigh on the page.
 */
export const DEFAULT_UPLOAD_CHUNK_BYTES = 8 << 20;

function statusError(e: Error): StreamsError {
  const status = (e as DetailedError).originalResponse?.getStatus();
  const body = (e as DetailedError).originalResponse?.getBody()?.trim();
  const message = `upload failed: ${body || e.message}`;
  if (status === undefined || status === 0) {
    return new StreamsError(StreamsErrorCode.NETWORK, message, { cause: e });
  }
  const code =
    status === 404 || status === 410
      ? StreamsErrorCode.NOT_FOUND
      : status === 409 || status === 423
        ? StreamsErrorCode.CONFLICT
        : status === 401
          ? StreamsErrorCode.UNAUTHENTICATED
          : status === 403
            ? StreamsErrorCode.FORBIDDEN
            : status >= 500
              ? StreamsErrorCode.SERVER
              : StreamsErrorCode.VALIDATION;
  return new StreamsError(code, message, { status, cause: e });
}

/** Checks the upload's arguments; throws StreamsError `validation` naming what to fix. */
export function checkUploadArguments(
  file: unknown,
  options: AssetUploadOptions,
): asserts file is Blob {
  if (typeof Blob === "undefined" || !(file instanceof Blob)) {
    throw new StreamsError(
      StreamsErrorCode.VALIDATION,
      "upload(file): file must be a File or Blob",
    );
  }
  const { chunkSize } = options;
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw new StreamsError(
      StreamsErrorCode.VALIDATION,
      "upload options.chunkSize must be a positive integer",
    );
  }
}

/**
 * Uploads `file`: continues an interrupted upload of the same file when the
 * fingerprint store knows one, otherwise asks `createUpload` for a new asset.
 */
export async function uploadAsset(
  file: Blob,
  options: AssetUploadOptions,
  createUpload: (name: string) => Promise<{ uploadUrl: string; assetId: string }>,
): Promise<AssetUploadResult> {
  const signal = options.signal;
  const aborted = () =>
    new StreamsError(StreamsErrorCode.ABORTED, "the upload was aborted", { cause: signal?.reason });
  if (signal?.aborted) throw aborted();
  const tus = await import("tus-js-client");
  const name = options.name ?? (file instanceof File ? file.name : "upload");
  const base: UploadOptions = {
    // The size is declared by the last PATCH (Upload-Length): createUpload takes only a name.
    uploadLengthDeferred: true,
    chunkSize: options.chunkSize ?? DEFAULT_UPLOAD_CHUNK_BYTES,
    retryDelays: [...(options.retryDelaysMs ?? [0, 1000, 3000, 5000])],
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
  };
  const previous = (await new tus.Upload(file, base).findPreviousUploads()).find(
    (p) => typeof p.metadata.assetId === "string" && p.uploadUrl !== null,
  );
  const target =
    previous !== undefined
      ? { uploadUrl: previous.uploadUrl!, assetId: previous.metadata.assetId! }
      : await createUpload(name);
  if (signal?.aborted) throw aborted();
  return await new Promise<AssetUploadResult>((resolve, reject) => {
    let upload: Upload | undefined;
    const onAbort = () => {
      void upload?.abort().finally(() => reject(aborted()));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    upload = new tus.Upload(file, {
      ...base,
      uploadUrl: target.uploadUrl,
      metadata: { assetId: target.assetId, name },
      onProgress: (bytesUploaded, bytesTotal) =>
        options.onProgress?.({ bytesUploaded, bytesTotal: bytesTotal || file.size }),
      onSuccess: () => {
        done();
        resolve({ assetId: target.assetId, resumed: previous !== undefined });
      },
      onError: (e) => {
        done();
        reject(statusError(e));
      },
    });
    if (previous !== undefined) upload.resumeFromPreviousUpload(previous);
    upload.start();
  });
}
