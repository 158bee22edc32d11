import type { CallOptions, ControlPlane } from "./control-plane.ts";
import type { BroadcastAnalytics } from "./types.ts";

/** `streams.analytics`: one row per broadcast (capability `media.broadcast`). */
export class Analytics {
  readonly #api: ControlPlane;

  /** @internal */
  constructor(api: ControlPlane) {
    this.#api = api;
  }

  /** The broadcasts of one input (`li_…` or `lv_…`), newest first. */
  get(
    params: { inputId: string },
    options?: CallOptions,
  ): Promise<{ inputId: string; broadcasts: BroadcastAnalytics[] }> {
    return this.#api.query("analytics.get", params, options);
  }

  /** The org's broadcasts, newest first (`limit` 1–1000, default 100). */
  list(params: { limit?: number } = {}, options?: CallOptions): Promise<BroadcastAnalytics[]> {
    return this.#api.query("analytics.list", params, options);
  }
}
