// What the WebCodecs backend's audio output and its worklet processor say to each other.
import type { AudioClockAnchor, AudioClockStats } from "./audio-clock-engine.ts";

/** Name under which worklets/broadcast-audio.ts registers its processor. */
export const BROADCAST_AUDIO_PROCESSOR_NAME = "clutchcall-broadcast-audio";

/** Render quanta between two "state" reports (16 × 128 frames ≈ 43 ms at 48 kHz). */
export const STATE_EVERY_QUANTA = 16;

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
  /** A seek: drop what is queued. */
  | { readonly type: "flush" }
  /** Where the media clock is, in context time. */
  | ({ readonly type: "clock" } & AudioClockAnchor)
  | { readonly type: "close" };

/** Messages the processor posts: its counters, now and then. */
export type BroadcastAudioMessage = {
  readonly type: "state";
  readonly stats: AudioClockStats;
};
