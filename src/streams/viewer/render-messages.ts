// What the page and a canvas's render worker (render-worker.ts) say to each
// other. One worker owns one canvas for the canvas's lifetime; each backend
// playing into it is a session, and only the newest session draws.
import type { MediaClockState } from "./media-clock.ts";
import type { Sample } from "./media-sample.ts";
import type { FrameCounts } from "./video-pipeline.ts";

/** Messages the page sends to the render worker. */
export type RenderCommand =
  /** The canvas to draw into (transferred once, after "ready"). */
  | { readonly type: "canvas"; readonly canvas: OffscreenCanvas }
  /** A new session decodes with `config`; the session before it ends. */
  | { readonly type: "open"; readonly session: number; readonly config: VideoDecoderConfig }
  /** Another rendition's configuration, in order with the samples. */
  | { readonly type: "switch"; readonly session: number; readonly config: VideoDecoderConfig }
  /** Video samples (their buffers transferred). */
  | { readonly type: "samples"; readonly session: number; readonly samples: readonly Sample[] }
  /** The media clock changed; `baseAtMs` is on the epoch time base (`timeOrigin + now()`). */
  | { readonly type: "clock"; readonly session: number; readonly state: MediaClockState }
  /** The playhead jumped to `ms`: decoding restarts at the keyframe before it. */
  | { readonly type: "seek"; readonly session: number; readonly ms: number }
  | { readonly type: "start"; readonly session: number }
  | { readonly type: "close"; readonly session: number };

/** Messages the render worker posts. */
export type RenderMessage =
  | { readonly type: "ready" }
  /**
   * What the session has drawn so far (after the first frame, then a few times
   * a second); the first time, when the first frame was drawn (`timeOrigin + now()`).
   */
  | {
      readonly type: "frames";
      readonly session: number;
      readonly counts: FrameCounts;
      readonly firstShownAtEpochMs?: number;
    }
  | { readonly type: "error"; readonly session: number; readonly message: string };
