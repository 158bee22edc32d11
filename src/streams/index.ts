/**
 * `@clutchcall/sdk/streams`: one-to-many live broadcast and VOD. The `Streams`
 * client drives the control plane (live inputs, signing keys, API keys, assets,
 * analytics) over HTTPS.
 * @module
 */
export { authFailedError } from "./auth-failed.ts";
export type { Analytics } from "./control/analytics.ts";
export type { ApiKeys } from "./control/api-keys.ts";
export type {
  AssetUploadOptions,
  AssetUploadResult,
  UploadProgress,
} from "./control/asset-upload.ts";
export type { Assets } from "./control/assets.ts";
export type { CallOptions, RetryPolicy } from "./control/control-plane.ts";
export { LiveInput } from "./control/live-input.ts";
export type { LiveInputs } from "./control/live-inputs.ts";
export type { SigningKeys } from "./control/signing-keys.ts";
export type {
  ApiKey,
  Asset,
  AssetFailureReason,
  AssetStatus,
  BroadcastAnalytics,
  IngestKind,
  LiveInputRecord,
  SignedPlaybackUrl,
  SigningAlgorithm,
  SigningKey,
} from "./control/types.ts";
export { StreamsError, StreamsErrorCode, type StreamsErrorOptions } from "./errors.ts";
export type { StreamsOptions } from "./options.ts";
export { Streams } from "./streams.ts";
