// Options of BroadcastViewer.
import type { MoqtClientOptions } from "../../moqt/index.ts";
import type { BroadcastViewerError } from "../broadcast-errors.ts";
import type { AbrOptions } from "./abr-policy.ts";

/** Options of `BroadcastViewer` (`Streams.viewer(options)`). */
export interface BroadcastViewerOptions {
  /** Relay base URL (`https://relay…`), or a MoQT endpoint URL such as the dev relay's `/moq`. */
  readonly relayUrl?: string;
  /**
   * Base URL of the HTTPS endpoints (VOD `catalog.json` and fragments, LL-HLS);
   * "" = the page's origin; default the relay's origin.
   */
  readonly apiBase?: string;
  /** Playback token (JWT) when `play` gets an id rather than a signed URL. */
  readonly token?: string;
  /**
   * Glass-to-glass latency to hold, ms; default: the fragment duration plus 500 ms,
   * learned from the stream. Playback speeds up (≤ 1.1×) above it and jumps on a
   * large excursion.
   */
  readonly targetLatencyMs?: number;
  /** Rendition to start with (a catalog track name); default the highest. */
  readonly initialRendition?: string;
  readonly abr?: AbrOptions;
  /**
   * Render backend: "mse" (MediaSource into a `<video>`: the browser's controls,
   * PiP and A/V sync), "webcodecs" (WebCodecs into a `<canvas>`, or into a
   * `<video>` through a canvas stream, audio through WebAudio: the lowest
   * latency), or "auto" (default): "mse" for a `<video>` where MediaSource
   * exists, else "webcodecs".
   */
  readonly backend?: "auto" | "mse" | "webcodecs";
  /** Called once, when the first frame shows (a stall ends with the `resumed` event). */
  readonly onStarted?: () => void;
  /** Called for every error (`auth_failed`, `unsupported_codec`, …). */
  readonly onError?: (e: BroadcastViewerError) => void;
  /**
   * How live media arrives: "moqt" only, "hls" (LL-HLS over HTTPS with hls.js,
   * loaded on demand) only, or "auto" (default): MoQT, and LL-HLS where the
   * browser has no WebTransport or the MoQT connection fails (never after an
   * `auth_failed`).
   */
  readonly transport?: "auto" | "moqt" | "hls";
  /** Passed to the underlying `MoqtClient`. */
  readonly client?: Omit<MoqtClientOptions, "token" | "signal">;
}
