import type { ResolvedClientOptions } from "./options.ts";
import type { RequestQueue } from "./request-queue.ts";

/** What publication and subscription handles share with their client. */
export interface TrackContext {
  /** The client's options, defaults applied. */
  readonly options: ResolvedClientOptions;
  /** The client's request queue (handles leave it on close). */
  readonly queue: RequestQueue;
}
