import { trackStatus } from "./track-status.ts";
import { trackStatusError, trackStatusOk } from "./track-status-reply.ts";

export { TrackStatusErrorCode14, TrackStatusErrorCode16 } from "./codes.ts";
export type { TrackStatus } from "./track-status.ts";
export type { TrackStatusError, TrackStatusOk } from "./track-status-reply.ts";

export const TRACK_STATUS_MESSAGES = [trackStatus, trackStatusOk, trackStatusError] as const;
