import type { ResolvedClientOptions } from "./options.ts";
import type { RequestQueue } from "./request-queue.ts";
import type { TrackPresence } from "./track-presence.ts";

/** What publication and subscription handles share with their client. */
export interface TrackContext {
  /** The client's options, defaults applied. */
  readonly options: ResolvedClientOptions;
  /** The client's request queue (handles leave it on close). */
  readonly queue: RequestQueue;
  /** The client's `tracks()` discoveries, told about its subscriptions. */
  readonly presence: TrackPresence;
}
