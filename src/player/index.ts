/**
 * `@clutchcall/sdk/player`: the `<clutchcall-player>` custom element. Importing
 * this entry defines the element (once; a side effect, listed in the package's
 * `sideEffects`).
 * @module
 */
import { ClutchCallPlayer } from "./player-element.ts";

export type { ClutchCallPlayerEventMap } from "./events.ts";
export { ClutchCallPlayer };

/** The element's tag name. */
export const PLAYER_TAG = "clutchcall-player";

if (typeof customElements !== "undefined" && customElements.get(PLAYER_TAG) === undefined) {
  customElements.define(PLAYER_TAG, ClutchCallPlayer);
}
