// What the playout node and its worklet processor say to each other.
import type { JitterPolicy } from "./jitter.ts";
import type { PlayoutStats } from "./playout-engine.ts";

/** Name under which worklets/playout.ts registers its processor. */
export const PLAYOUT_PROCESSOR_NAME = "clutchcall-playout";

/** How often the processor reports its counters, ms. */
export const PLAYOUT_STATS_INTERVAL_MS = 50;

/** `processorOptions` of the playout processor. */
export interface PlayoutProcessorOptions {
  /** Rate of the samples written into the ring. */
  readonly inputRate: number;
  readonly policy: JitterPolicy;
  /** The shared ring (SharedArrayBuffer transport), or its capacity (postMessage transport). */
  readonly ring: SharedArrayBuffer | number;
}

/** Messages the node sends to the processor. */
export type PlayoutCommand =
  /** postMessage transport: decoded samples (transferred). */
  | { readonly type: "samples"; readonly samples: Float32Array }
  /** postMessage transport: a port that carries "samples" (from the decoder worker). */
  | { readonly type: "port"; readonly port: MessagePort }
  /** Samples the shared ring had no room for (counted as dropped). */
  | { readonly type: "overflow"; readonly samples: number }
  | { readonly type: "close" };

/** Messages the processor posts. */
export type PlayoutMessage =
  | { readonly type: "ready"; readonly shared: boolean }
  | { readonly type: "stats"; readonly stats: PlayoutStats }
  | { readonly type: "error"; readonly message: string };
