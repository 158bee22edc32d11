// What the WebCodecs backend's audio output and its worklet processor say to each other.
import type { AudioClockStats } from "./audio-clock-engine.ts";

/** Name under which worklets/broadcast-audio.ts registers its processor. */
export const BROADCAST_AUDIO_PROCESSOR_NAME = "clutchcall-broadcast-audio";

/** Render quanta between two "state" reports (4 × 128 frames ≈ 11 ms at 48 kHz). */
export const STATE_EVERY_QUANTA = 4;

/** Messages the page sends to the processor (in order, on the node's port). */
export type BroadcastAudioCommand =
  /** Decoded audio: `channels` interleaved at `sampleRate`, the first frame at `tsUs` (transferred). */
  | {
      readonly type: "samples";
      readonly tsUs: number;
      readonly sampleRate: number;
      readonly channels: number;
      readonly samples: Float32Array;
    }
  /** A seek: drop what is queued; later reports carry `epoch`. */
  | { readonly type: "flush"; readonly epoch: number }
  /** The media clock runs or stands still, at a playback rate. */
  | { readonly type: "clock"; readonly running: boolean; readonly rate: number }
  | { readonly type: "close" };

/** Messages the processor posts. */
export type BroadcastAudioMessage = {
  readonly type: "state";
  /** The last flush the processor had handled. */
  readonly epoch: number;
  /** Media time of the first sample of the quantum rendered at `contextTime`, µs. */
  readonly mediaUs: number;
  /** `currentTime` of that quantum, s. */
  readonly contextTime: number;
  /** False while the ring waits for audio or the clock stands still. */
  readonly playing: boolean;
  readonly stats: AudioClockStats;
};
