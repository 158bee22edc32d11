// What the viewer needs of a render backend: MediaSource into a <video>
// (MseBackend) or WebCodecs into a <canvas> (WebCodecsBackend).
import type { BroadcastViewerError } from "../broadcast-errors.ts";
import type { CatalogTrack } from "../catalog.ts";
import type { AudioOutputStats } from "./audio-output.ts";

/** How a backend reports to the viewer. */
export interface BackendCallbacks {
  /** A failure; `fatal` ones end playback. */
  error(e: BroadcastViewerError): void;
  /** Playback ran out of media and waits. */
  waiting(): void;
  /** Playback goes on (after `waiting`). */
  playing(): void;
  /** The browser holds the sound until a user gesture (autoplay policy). */
  audioSuspended?(): void;
}

export interface RenderBackend {
  /** Resolves when the first video frame is presented, with when (page time, `performance.now()`). */
  readonly firstFrame: Promise<number>;
  /** Sets up decoding of these tracks (init segments from the catalog). */
  open(video: CatalogTrack | undefined, audio: CatalogTrack | undefined): Promise<void>;
  /** Continues video with another rendition: its codec and init segment. */
  switchVideo(track: CatalogTrack): void;
  /** One CMAF fragment of the video or audio track. */
  append(kind: "video" | "audio", bytes: Uint8Array): void;
  /** Resolves once the appended video is ready to play. */
  whenAppended(): Promise<void>;
  /** Media ahead of the playhead without a gap, ms. */
  bufferAheadMs(): number;
  /**
   * Media this backend needs buffered ahead of the playhead to keep playing, ms:
   * the latency target holds it on top of the delivery delay, and the latency
   * controller never catches up into it.
   */
  readonly minAheadMs: number;
  /** Media from the playhead to the live edge, ms. */
  edgeAheadMs(): number;
  /** Moves the playhead over a gap to the next media once `minAheadMs` of it is buffered; true when it moved. */
  skipGap(minAheadMs?: number): boolean;
  /** The playhead, in seconds of media time. */
  readonly currentTimeS: number;
  readonly playbackRate: number;
  seekBy(ms: number): void;
  setRate(rate: number): void;
  readonly framesShown: number;
  readonly droppedFrames: number;
  /** Frames drawn after the next frame was due, where the backend draws them itself. */
  readonly framesLate?: number;
  /** The backend's own audio output (WebCodecs), undefined where the element plays audio. */
  audioStats?(): AudioOutputStats | undefined;
  /**
   * Plays from `positionMs` (media time) when it is buffered, else from the
   * first media if the playhead is before it.
   */
  start(positionMs?: number): Promise<void>;
  play(): Promise<void>;
  close(): void;
}
