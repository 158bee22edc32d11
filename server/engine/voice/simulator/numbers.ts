// The local PSTN simulator's test numbers: a fixed, documented behaviour each.
// Every other number is unallocated. Nothing here reaches a real telephone network.
import { type AudioPeer, EchoPeer, PlaybackPeer, TonePeer } from "../audio-peer.ts";

/** The simulator's test numbers (documented API: keep them as they are). */
export const TEST_NUMBERS = {
  /** Answers after one ring; returns the caller's audio 200 ms later. */
  echo: "+15550100001",
  /** Answers after one ring; plays a 1 kHz tone, 500 ms on / 500 ms off. */
  tone: "+15550100002",
  /** Busy: the call fails (reason `busy`). */
  busy: "+15550100003",
  /** Rings until the ring timeout, then `no_answer`. */
  noAnswer: "+15550100004",
  /** Answers after one ring; plays a spoken prompt (tones when espeak-ng was absent at setup). */
  prompt: "+15550100005",
} as const;

/** How a dialled number behaves. */
export type NumberBehaviour =
  | { readonly kind: "answers"; readonly peer: () => AudioPeer }
  | { readonly kind: "busy" }
  | { readonly kind: "no_answer" }
  | { readonly kind: "unallocated" };

/** The echo delay of +15550100001, ms. */
export const ECHO_DELAY_MS = 200;

/** Silence between repeats of the prompt of +15550100005, ms. */
export const PROMPT_PAUSE_MS = 1000;

/** Stand-in for the prompt when it could not be rendered: a 660 Hz chime, 300 ms each second. */
export function chime(): TonePeer {
  return new TonePeer(660, 300, 700);
}

/** The behaviour of `number`; `prompt` is the pre-rendered prompt (8 kHz), if any. */
export function behaviourOf(number: string, prompt: Int16Array | undefined): NumberBehaviour {
  switch (number) {
    case TEST_NUMBERS.echo:
      return { kind: "answers", peer: () => new EchoPeer(ECHO_DELAY_MS) };
    case TEST_NUMBERS.tone:
      return { kind: "answers", peer: () => new TonePeer(1000, 500, 500) };
    case TEST_NUMBERS.busy:
      return { kind: "busy" };
    case TEST_NUMBERS.noAnswer:
      return { kind: "no_answer" };
    case TEST_NUMBERS.prompt:
      return {
        kind: "answers",
        peer: () => (prompt === undefined ? chime() : new PlaybackPeer(prompt, PROMPT_PAUSE_MS)),
      };
    default:
      return { kind: "unallocated" };
  }
}
