// A switch between video renditions, spliced at a Group boundary: the new
// rendition takes over with a Group that starts where the buffered video ends
// (renditions cut keyframes on the same frames), so nothing already buffered is
// replaced and playback never waits. While the new rendition's Group is on its
// way, the old one's next Group is held back; if it does not come in time, the
// held media is released and the next boundary is tried.
import type { CatalogTrack } from "../catalog.ts";
import type { MediaObject } from "./source.ts";

/** Longest the old rendition is held at a boundary, ms. */
const HOLD_MAX_MS = 600;
/** Tolerance of the splice point (rounding of media times), ms. */
const SLACK_MS = 5;

export interface SpliceDecision {
  /** The new rendition starts with the first object of `append`. */
  readonly switchNow: boolean;
  /** Objects to append to the video buffer now, in order. */
  readonly append: readonly MediaObject[];
}

export class RenditionSplice {
  private held: MediaObject[] = [];
  private heldSinceMs = 0;

  constructor(
    readonly from: string,
    readonly to: CatalogTrack,
    readonly reason: "auto" | "manual",
    private readonly startMsOf: (obj: MediaObject) => number,
  ) {}

  /** Whether `obj` belongs to this switch (old or new rendition). */
  concerns(obj: MediaObject): boolean {
    return obj.track === this.from || obj.track === this.to.name;
  }

  offer(obj: MediaObject, videoEndMs: number, nowMs: number): SpliceDecision {
    if (obj.track === this.from) {
      if (this.held.length === 0 && !obj.groupStart) return { switchNow: false, append: [obj] };
      if (this.held.length === 0) this.heldSinceMs = nowMs;
      this.held.push(obj);
      if (nowMs - this.heldSinceMs <= HOLD_MAX_MS) return { switchNow: false, append: [] };
      const released = this.held;
      this.held = [];
      return { switchNow: false, append: released };
    }
    if (!obj.groupStart || this.startMsOf(obj) < videoEndMs - SLACK_MS) {
      return { switchNow: false, append: [] };
    }
    this.held = [];
    return { switchNow: true, append: [obj] };
  }
}
