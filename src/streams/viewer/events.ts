// Typed events and stats of BroadcastViewer.
import type { BroadcastViewerError } from "../broadcast-errors.ts";
import type { AudioOutputStats } from "./audio-output.ts";

export interface BroadcastViewerEvents {
  /** The first frame is showing: once per `play()`. `timeToFirstFrameMs` since play(). */
  started: { readonly timeToFirstFrameMs: number };
  /** Playback is waiting: `buffering` (data late), `no_data` (the publisher or relay went away). */
  stalled: { readonly reason: "buffering" | "no_data" };
  /** Playback goes on after a `stalled`; `stalledMs` is how long it waited. */
  resumed: { readonly stalledMs: number };
  /** The video rendition changed (at a Group boundary). */
  rendition: { readonly name: string; readonly reason: "initial" | "auto" | "manual" };
  /** Every latency-controller tick (4 per second). */
  latency: {
    readonly latencyMs: number;
    readonly targetLatencyMs: number;
    readonly playbackRate: number;
  };
  error: BroadcastViewerError;
  /**
   * WebCodecs backend: the browser's autoplay policy holds the sound until a user
   * gesture (video plays on). The next click or key press in the page resumes it.
   */
  audiosuspended: undefined;
  /** The publisher ended the broadcast (an empty catalog), or `stop()` was called. */
  ended: undefined;
}

/** `viewer.stats()`. */
export interface BroadcastViewerStats {
  /** Glass-to-glass latency: now minus the capture time of the frame showing, ms. */
  readonly latencyMs: number;
  readonly targetLatencyMs: number;
  /** Media buffered ahead of the playhead, ms. */
  readonly bufferMs: number;
  /** Received media bits per second (last ~2 s). */
  readonly bitrateBps: number;
  /** Video track playing, e.g. "video/720p". */
  readonly rendition: string | undefined;
  /** "auto" or the pinned rendition. */
  readonly renditionMode: string;
  readonly renditions: readonly string[];
  readonly playbackRate: number;
  /** The render backend playing: MediaSource or WebCodecs (undefined before the catalog). */
  readonly backend: "mse" | "webcodecs" | undefined;
  /** Video frames presented so far. */
  readonly framesShown: number;
  readonly droppedFrames: number;
  /** WebCodecs backend: frames drawn after the next frame was already due (shown late). */
  readonly framesLate?: number | undefined;
  readonly rebufferCount: number;
  readonly rebufferMs: number;
  readonly timeToFirstFrameMs: number | undefined;
  /** How the media arrives: MoQT (live), LL-HLS (the fallback) or HTTPS segments (VOD). */
  readonly transport: "moqt" | "hls" | "https";
  /** The WebCodecs backend's audio output (absent where the media element plays the sound). */
  readonly audio?: AudioOutputStats | undefined;
}
