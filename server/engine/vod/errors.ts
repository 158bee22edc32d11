// The VOD area's typed failures: why an asset could not be packaged.

/** Why an uploaded asset ended in status `failed`. */
export const AssetFailureReason = {
  /** The bytes are not a video file (no container ffprobe knows, or no video stream). */
  NotAVideo: "not_a_video",
  /** A video stream whose codec cannot be decoded to package it. */
  UnsupportedCodec: "unsupported_codec",
  /** A known container whose contents are damaged or truncated. */
  Corrupt: "corrupt",
  /** The server could not package a readable file (a tool missing or failing). */
  PackagingFailed: "packaging_failed",
} as const;
export type AssetFailureReason = (typeof AssetFailureReason)[keyof typeof AssetFailureReason];

/** Packaging failed for a reason the uploader can act on. */
export class PackagingError extends Error {
  override readonly name = "PackagingError";
  readonly code: AssetFailureReason;
  /** Always true: the asset stays failed; a new upload is needed. */
  readonly fatal = true;

  constructor(code: AssetFailureReason, message: string) {
    super(message);
    this.code = code;
  }
}
