/**
 * `@clutchcall/sdk/streams`: live broadcast over MoQT — `BroadcastPublisher`
 * (MediaStream → H.264/Opus CMAF → MoQT tracks) and `BroadcastViewer`
 * (MoQT → MediaSource), the catalog, and CMAF helpers.
 */
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
export {
  BroadcastPublisherError,
  BroadcastPublisherErrorCode,
  BroadcastViewerError,
  BroadcastViewerErrorCode,
} from "./errors.ts";
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
export { type AbrOptions, AbrPolicy } from "./viewer/abr-policy.ts";
export { BroadcastViewer } from "./viewer/broadcast-viewer.ts";
export type { BroadcastViewerEvents, BroadcastViewerStats } from "./viewer/events.ts";
export type { BroadcastViewerOptions } from "./viewer/options.ts";
export type { BroadcastSource, BroadcastSourceEvents, MediaObject } from "./viewer/source.ts";
