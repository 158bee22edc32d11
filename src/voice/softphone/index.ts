// The browser softphone: microphone capture onto an uplink track, and the
// downlink player on an AudioWorklet ring buffer.
export {
  type CaptureMicrophoneOptions,
  captureMicrophone,
  MicrophoneCapture,
  type MicrophoneStats,
} from "./capture.ts";
export type { SoftphoneCodec } from "./codecs.ts";
export { SoftphoneError, SoftphoneErrorCode } from "./errors.ts";
export type { JitterOptions } from "./jitter.ts";
export { OpusPlayer, type OpusPlayerOptions, type OpusPlayerStats } from "./player.ts";
export type { PlayoutStats } from "./playout-engine.ts";
export { isCrossOriginIsolated, type PlayoutTransport } from "./playout-node.ts";
export type { AudioFrameSink } from "./uplink.ts";
