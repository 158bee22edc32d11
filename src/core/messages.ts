import type { AgcOptions } from "./agc.ts";
import type { G711Law } from "./g711.ts";
import type { SampleRate } from "./rates.ts";

/** Name under which worklets/core-capture.ts registers its processor. */
export const CAPTURE_PROCESSOR_NAME = "clutchcall-core-capture";

/**
 * `processorOptions` of the capture processor. It instantiates the same
 * core.wasm synchronously from `wasm`, then per render quantum: AGC in place,
 * monitor output, resample to `codecRate`, G.711-encode `frameMs` frames.
 */
export interface CaptureProcessorOptions {
  /** core.wasm, compiled (`compileCore()`) or as bytes. */
  wasm: WebAssembly.Module | ArrayBuffer;
  /** G.711 law of the posted frames; default µ-law. */
  law?: G711Law;
  /** Rate of the encoded frames; default 8000 Hz (G.711's rate). */
  codecRate?: SampleRate;
  /** Duration of one posted frame; default 20 ms. */
  frameMs?: 10 | 20 | 30 | 40;
  /** AGC options, or false to leave the level alone; default AGC on. */
  agc?: Omit<AgcOptions, "sampleRate" | "maxFrameSamples"> | false;
}

/** Messages the capture processor posts on its port. */
export type CaptureProcessorMessage =
  | { readonly type: "ready"; readonly contextRate: number; readonly frameSamples: number }
  | {
      readonly type: "frame";
      /** Frame counter from 0. */
      readonly sequence: number;
      /** G.711 code words, `frameSamples` long (transferred). */
      readonly codes: Uint8Array;
      /** AGC gain when the frame was encoded, dB (0 without AGC). */
      readonly gainDb: number;
    }
  | { readonly type: "error"; readonly code: string; readonly message: string };

/** Messages the capture processor accepts on its port. */
export type CaptureProcessorCommand = { readonly type: "close" };
