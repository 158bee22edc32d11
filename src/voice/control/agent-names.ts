import { VoiceError, VoiceErrorCode } from "../errors.ts";

/** The engine's built-in agents: `echo`, `tone` and `say`. */
export const AGENT_NAMES = ["echo", "tone", "say"] as const;
/** One of {@link AGENT_NAMES}. */
export type AgentName = (typeof AGENT_NAMES)[number];

/** Returns `agent` when it names a built-in agent; throws `VOICE_UNKNOWN_AGENT`. */
export function checkAgent(agent: unknown): AgentName {
  if (!(AGENT_NAMES as readonly unknown[]).includes(agent)) {
    throw new VoiceError(
      VoiceErrorCode.UNKNOWN_AGENT,
      `agent ${JSON.stringify(agent)} is not one of ${AGENT_NAMES.join(", ")}`,
    );
  }
  return agent as AgentName;
}
