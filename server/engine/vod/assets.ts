// What the VOD pipeline needs from the engine's asset records.
import type { AssetFailureReason } from "./errors.ts";

/** An asset's lifecycle: `waiting_upload → uploading → processing → ready | failed`. */
export const AssetStatus = {
  WaitingUpload: "waiting_upload",
  Uploading: "uploading",
  Processing: "processing",
  Ready: "ready",
  Failed: "failed",
} as const;
export type AssetStatus = (typeof AssetStatus)[keyof typeof AssetStatus];

/** The fields of an asset record the VOD pipeline reads. */
export interface VodAsset {
  /** `as_…` */
  readonly id: string;
  readonly orgId: string;
  /** `pb_…`: the public id viewers play. */
  readonly playbackId: string;
  readonly status: AssetStatus;
}

/** A status change, with its details. */
export type AssetStatusChange =
  | { readonly status: typeof AssetStatus.Uploading; readonly bytes: number }
  | { readonly status: typeof AssetStatus.Processing; readonly bytes: number }
  | { readonly status: typeof AssetStatus.Ready; readonly durationS: number }
  | {
      readonly status: typeof AssetStatus.Failed;
      readonly reason: AssetFailureReason;
      readonly message: string;
    };

/** The engine's asset table, as the VOD pipeline uses it. */
export interface AssetRecords {
  byId(assetId: string): VodAsset | undefined;
  byPlaybackId(playbackId: string): VodAsset | undefined;
  setStatus(assetId: string, change: AssetStatusChange): void;
}
