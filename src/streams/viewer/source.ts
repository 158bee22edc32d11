// The viewer's source contract: whatever delivers a broadcast's catalog and its
// tracks' CMAF fragments (MoQT live today; HTTPS VOD or LL-HLS plug in here).

import type { BroadcastViewerError } from "../broadcast-errors.ts";
import type { Catalog } from "../catalog.ts";

/** One CMAF fragment of a track, as received. */
export interface MediaObject {
  readonly track: string;
  readonly bytes: Uint8Array;
  /** Wall-clock capture time of the fragment's first sample, µs (0 when unknown). */
  readonly tsUs: number;
  /** Starts with a keyframe: a switch to this track may begin here. */
  readonly groupStart: boolean;
}

export interface BroadcastSourceEvents {
  /** The catalog, first and after every change. */
  catalog: Catalog;
  object: MediaObject;
  /** Fatal errors end playback. */
  error: BroadcastViewerError;
}

export interface BroadcastSource {
  on<K extends keyof BroadcastSourceEvents>(
    type: K,
    listener: (e: BroadcastSourceEvents[K]) => void,
  ): () => void;
  /** Resolves once the source reaches the stream (rejects with a fatal BroadcastViewerError). */
  ready(): Promise<void>;
  /** Starts delivery of exactly these media tracks (catalog names). */
  select(tracks: readonly string[]): void;
  close(): Promise<void>;
}
