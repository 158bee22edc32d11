/**
 * `@clutchcall/sdk/core`: the WASM audio core — ITU-T G.711 µ-law/A-law,
 * sample-rate conversion, automatic gain control and acoustic echo
 * cancellation over long-lived buffers in the WASM heap. One API in three
 * places: `loadCore()` on the calling thread, `loadCoreWorker()` in a Web
 * Worker (comlink), and `instantiateCore()` inside AudioWorklet processors.
 */
export { Agc, type AgcOptions } from "./agc.ts";
export type { AgcApi, CoreApi, EchoCancellerApi, G711CodecApi, ResamplerApi } from "./api.ts";
export { type CaptureNodeOptions, createCaptureNode } from "./capture-node.ts";
export { Core } from "./core.ts";
export { EchoCanceller, type EchoCancellerOptions } from "./echo-canceller.ts";
export { CoreError, CoreErrorCode } from "./errors.ts";
export { G711Codec, type G711CodecOptions, type G711Law } from "./g711.ts";
export { instantiateCore } from "./instantiate.ts";
export { type CoreSource, compileCore, loadCore } from "./load.ts";
export {
  CAPTURE_PROCESSOR_NAME,
  type CaptureProcessorCommand,
  type CaptureProcessorMessage,
  type CaptureProcessorOptions,
} from "./messages.ts";
export type { PcmInput } from "./pcm-input.ts";
export { SAMPLE_RATES, type SampleRate } from "./rates.ts";
export { Resampler, type ResamplerOptions } from "./resampler.ts";
export {
  type CoreWorker,
  type CoreWorkerOptions,
  loadCoreWorker,
  type RemoteCore,
} from "./worker-client.ts";
export type { CoreService } from "./worker-service.ts";
