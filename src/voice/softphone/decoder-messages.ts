// What the page and the Opus decoder worker (decoder-worker.ts) say to each other.
import type { SoftphoneErrorCode } from "./errors.ts";

/** Messages the page sends to the decoder worker. */
export type DecoderCommand =
  /**
   * Configure the decoder; its samples go into the shared ring, or as
   * "samples" messages over the port to the playout worklet.
   */
  | {
      readonly type: "start";
      readonly channels: 1 | 2;
      readonly sink: SharedArrayBuffer | MessagePort;
    }
  /** One encoded frame captured at `tsUs` (its buffer transferred). */
  | { readonly type: "frame"; readonly tsUs: number; readonly bytes: Uint8Array }
  | { readonly type: "close" };

/** Messages the decoder worker posts. */
export type DecoderMessage =
  | { readonly type: "ready" }
  /** Samples the shared ring had no room for. */
  | { readonly type: "overflow"; readonly samples: number }
  | {
      readonly type: "error";
      readonly code: SoftphoneErrorCode;
      readonly message: string;
    };
