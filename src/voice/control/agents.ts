// `voice.agents`: bind a built-in agent to a call (seed 004 "Agents").
import { checkSid } from "../sid.ts";
import { type AgentName, checkAgent } from "./agent-names.ts";
import type { Call } from "./call.ts";
import type { Calls } from "./calls.ts";
import type { VoiceContext } from "./context.ts";
import type { CallRecord } from "./status.ts";

/** Arguments of `voice.agents.attach`. */
export interface AttachAgentOptions {
  readonly sid: string;
  /** `echo` (repeats the caller), `tone` (440 Hz) or `say` (speaks `text`). */
  readonly agent: AgentName;
  /** What `say` speaks. */
  readonly text?: string;
}

export class Agents {
  /** @internal Use `voice.agents`. */
  constructor(
    private readonly ctx: VoiceContext,
    private readonly calls: Calls,
  ) {}

  /** Binds a server-side agent to the call; the engine wires its audio both ways. */
  async attach(options: AttachAgentOptions): Promise<Call> {
    const input = {
      sid: checkSid(options?.sid),
      agent: checkAgent(options.agent),
      ...(options.text !== undefined && { text: String(options.text) }),
    };
    return this.calls.handle(await this.ctx.rpc<CallRecord>("mutation", "agents.attach", input));
  }
}
