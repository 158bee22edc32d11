/**
 * `@clutchcall/sdk/streams`: one-to-many live broadcast and VOD. The `Streams`
 * client drives the control plane (live inputs, signing keys, API keys, assets,
 * analytics) over HTTPS; `BroadcastPublisher` (MediaStream → H.264/Opus CMAF →
 * MoQT tracks) and `BroadcastViewer` (MoQT → MediaSource) are the data plane.
 * @module
 */
export { authFailedError } from "./auth-failed.ts";
export {
  BroadcastPublisherError,
  BroadcastPublisherErrorCode,
  BroadcastViewerError,
  BroadcastViewerErrorCode,
} from "./broadcast-errors.ts";
export {
  CATALOG_TRACK,
  type Catalog,
  type CatalogDiff,
  CatalogError,
  type CatalogTrack,
  diffCatalog,
  encodeCatalog,
  parseCatalog,
  validateCatalog,
  videoRenditions,
} from "./catalog.ts";
export * as cmaf from "./cmaf/index.ts";
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
export {
  BROADCAST_CAPABILITY,
  BroadcastPublisher,
  type BroadcastPublisherEvents,
  type BroadcastPublisherStats,
} from "./publisher/broadcast-publisher.ts";
export {
  type BroadcastPublisherOptions,
  DEFAULT_RENDITIONS,
  type Rendition,
} from "./publisher/options.ts";
export type { EncodedTrackStats } from "./publisher/track-output.ts";
export { Streams } from "./streams.ts";
export {
  type AbrOptions,
  AbrPolicy,
  type AbrRendition,
  type AbrSample,
} from "./viewer/abr-policy.ts";
export type { AudioClockStats } from "./viewer/audio-clock-engine.ts";
export type { AudioOutputStats } from "./viewer/audio-output.ts";
export {
  BroadcastCapture,
  type BroadcastCaptureOptions,
  type CaptureChunk,
  type CaptureCloseReason,
} from "./viewer/broadcast-capture.ts";
export { BroadcastViewer } from "./viewer/broadcast-viewer.ts";
export type { BroadcastViewerEvents, BroadcastViewerStats } from "./viewer/events.ts";
export type { BroadcastViewerOptions } from "./viewer/options.ts";
export type { BroadcastSource, BroadcastSourceEvents, MediaObject } from "./viewer/source.ts";
