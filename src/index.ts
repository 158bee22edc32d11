/**
 * `@clutchcall/sdk`: the main names of every subpath, for code that prefers one
 * import. Bundlers keep only what is used; the subpaths
 * (`@clutchcall/sdk/moqt`, `@clutchcall/sdk/core`, `@clutchcall/sdk/streams`,
 * `@clutchcall/sdk/voice`) hold the full API.
 * @module
 */

export { CoreError, createCaptureNode, loadCore, loadCoreWorker } from "./core/index.ts";
export { ClutchCallError } from "./errors.ts";
export {
  ExponentialBackoff,
  MoqtClient,
  MoqtClientError,
  namespaceFromPath,
  Version,
} from "./moqt/index.ts";
export { Streams, StreamsError } from "./streams/index.ts";
export {
  AudioBridge,
  captureMicrophone,
  OpusPlayer,
  SoftphoneError,
  Voice,
  VoiceError,
} from "./voice/index.ts";
