// The built-in agents (seed 004 "Agents"): each faces the PSTN party on the
// leg. A user agent is any process that calls `attach(sid)` instead.
import { type AudioPeer, EchoPeer, PlaybackPeer, TonePeer } from "../audio-peer.ts";
import { renderSpeech } from "../speech.ts";

/** Names of the built-in agents. */
export const AGENT_NAMES = ["echo", "tone", "say"] as const;
/** One of {@link AGENT_NAMES}. */
export type AgentName = (typeof AGENT_NAMES)[number];

/** Silence between repeats of what `say` says, ms. */
export const SAY_PAUSE_MS = 1500;

/** What `say` plays when speech cannot be rendered: 880 Hz, 200 ms each second. */
export function sayFallback(): TonePeer {
  return new TonePeer(880, 200, 800);
}

/** What `say` says when given no text. */
export const DEFAULT_SAY_TEXT = "Hello from the ClutchCall say agent.";

/**
 * Makes the agent `name`: `echo` repeats the party at once, `tone` plays a
 * steady 440 Hz tone, `say` speaks `text` (espeak-ng) every few seconds, or
 * chimes when speech cannot be rendered here.
 */
export async function createAgent(name: AgentName, text?: string): Promise<AudioPeer> {
  switch (name) {
    case "echo":
      return new EchoPeer(0);
    case "tone":
      return new TonePeer(440, 1000, 0);
    case "say": {
      const speech = await renderSpeech(text ?? DEFAULT_SAY_TEXT);
      return speech === undefined ? sayFallback() : new PlaybackPeer(speech, SAY_PAUSE_MS);
    }
  }
}
