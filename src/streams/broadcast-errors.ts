// Errors of the broadcast data plane (publisher and viewer).
import { ClutchCallError } from "../errors.ts";

/** Why a `BroadcastPublisher` failed or refused a call. */
export const BroadcastPublisherErrorCode = {
  /** A bad argument (the message says which and how to fix it). */
  INVALID_ARGUMENT: "invalid_argument",
  /** The browser lacks WebCodecs, MediaStreamTrackProcessor or a needed codec. */
  UNSUPPORTED: "unsupported",
  /** An encoder failed. */
  ENCODER_ERROR: "encoder_error",
  /** The relay refused the stream key or the connection failed for good. */
  AUTH_FAILED: "auth_failed",
  /** The relay connection failed for good for another reason. */
  CONNECTION_FAILED: "connection_failed",
  /** `publish` was called twice, or after `stop`. */
  INVALID_STATE: "invalid_state",
} as const;
export type BroadcastPublisherErrorCode =
  (typeof BroadcastPublisherErrorCode)[keyof typeof BroadcastPublisherErrorCode];

export class BroadcastPublisherError extends ClutchCallError {
  declare readonly code: BroadcastPublisherErrorCode;
  constructor(
    code: BroadcastPublisherErrorCode,
    message: string,
    options: { fatal?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** Why a `BroadcastViewer` failed, stalled or refused a call. */
export const BroadcastViewerErrorCode = {
  INVALID_ARGUMENT: "invalid_argument",
  /** The relay refused the playback token (bad, expired, or for another stream). Not retried. */
  AUTH_FAILED: "auth_failed",
  /** The relay connection failed for good for another reason. */
  CONNECTION_FAILED: "connection_failed",
  /** No such stream or asset (e.g. a VOD playback id that is not ready). */
  NOT_FOUND: "not_found",
  /** The stream's catalog is missing or malformed. */
  INVALID_CATALOG: "invalid_catalog",
  /** MediaSource (or WebCodecs) cannot play a track's codec. */
  UNSUPPORTED_CODEC: "unsupported_codec",
  /** The browser has neither MediaSource nor WebCodecs for the chosen target. */
  UNSUPPORTED: "unsupported",
  /** The media element or decoder failed to decode. */
  DECODE_ERROR: "decode_error",
  /** The SourceBuffer stayed full after evicting old media. */
  QUOTA_EXCEEDED: "quota_exceeded",
  /** `play` before `attach`, or after `stop`. */
  INVALID_STATE: "invalid_state",
} as const;
export type BroadcastViewerErrorCode =
  (typeof BroadcastViewerErrorCode)[keyof typeof BroadcastViewerErrorCode];

export class BroadcastViewerError extends ClutchCallError {
  declare readonly code: BroadcastViewerErrorCode;
  constructor(
    code: BroadcastViewerErrorCode,
    message: string,
    options: { fatal?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}
