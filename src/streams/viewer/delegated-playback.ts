// What BroadcastViewer hands playback to when the stream is not live MoQT: VOD
// over HTTPS (`pb_…`) or the LL-HLS fallback. Each reports through the viewer's
// own events and answers `stats()` in the same shape.
import type { BroadcastViewerEvents, BroadcastViewerStats } from "./events.ts";

/** Emits one of the viewer's typed events. */
export type EmitViewerEvent = <K extends keyof BroadcastViewerEvents>(
  type: K,
  event: BroadcastViewerEvents[K],
) => void;

export interface DelegatedPlayback {
  /** Resolves once the stream is reachable (rejects with a BroadcastViewerError). */
  start(): Promise<void>;
  setRendition(name: string): void;
  stats(): BroadcastViewerStats;
  stop(): Promise<void>;
}

/**
 * Rebuffering bookkeeping from the element's `waiting` / `playing` events:
 * `stalled` and (on resume) `started` events, counts and time spent.
 */
export class StallClock {
  count = 0;
  private totalMs = 0;
  private sinceMs: number | undefined;

  constructor(
    element: HTMLMediaElement,
    private readonly emit: EmitViewerEvent,
    private readonly firstFrameMs: () => number | undefined,
  ) {
    element.addEventListener("waiting", this.onWaiting);
    element.addEventListener("playing", this.onPlaying);
    this.detach = () => {
      element.removeEventListener("waiting", this.onWaiting);
      element.removeEventListener("playing", this.onPlaying);
    };
  }

  readonly detach: () => void;

  get stalled(): boolean {
    return this.sinceMs !== undefined;
  }

  private readonly onWaiting = (e: Event) => {
    const el = e.target as HTMLMediaElement;
    if (el.seeking || this.sinceMs !== undefined || this.firstFrameMs() === undefined) return;
    this.sinceMs = performance.now();
    this.count++;
    this.emit("stalled", { reason: "buffering" });
  };

  private readonly onPlaying = () => {
    if (this.sinceMs === undefined) return;
    this.totalMs += performance.now() - this.sinceMs;
    this.sinceMs = undefined;
    this.emit("started", { timeToFirstFrameMs: this.firstFrameMs() ?? 0 });
  };

  /** Time spent rebuffering so far, ms (including a stall in progress). */
  get ms(): number {
    return Math.round(
      this.totalMs + (this.sinceMs === undefined ? 0 : performance.now() - this.sinceMs),
    );
  }
}
