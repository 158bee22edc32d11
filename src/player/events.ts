// The DOM events of <clutchcall-player>: the viewer's events, prefixed.
import type { BroadcastViewerEvents } from "../streams/index.ts";
import type { ClutchCallPlayer } from "./player-element.ts";

/**
 * Events of `<clutchcall-player>`: each `BroadcastViewer` event as a `CustomEvent`
 * named `clutchcall-<event>`, its payload in `detail` (bubbles, composed):
 * `clutchcall-started`, `clutchcall-stalled`, `clutchcall-resumed`, `clutchcall-rendition`,
 * `clutchcall-latency`, `clutchcall-error`, `clutchcall-audiosuspended`, `clutchcall-ended` (once per playback: the
 * broadcast ended, a fatal error, `stop()` or the element's removal; not on a source change).
 */
export type ClutchCallPlayerEventMap = {
  [K in keyof BroadcastViewerEvents as `clutchcall-${K}`]: CustomEvent<BroadcastViewerEvents[K]>;
};

declare global {
  interface HTMLElementTagNameMap {
    "clutchcall-player": ClutchCallPlayer;
  }
  interface HTMLElementEventMap extends ClutchCallPlayerEventMap {}
}
