// A call handle (seed 004 "Calls"): its latest known record, transfer, hangup,
// and the bridges attached to it.
import { AudioBridge, type AudioBridgeOptions } from "../bridge/audio-bridge.ts";
import { resolveFormat } from "../bridge/format.ts";
import { checkE164 } from "../e164.ts";
import { VoiceError, VoiceErrorCode } from "../errors.ts";
import { type AgentName, checkAgent } from "./agent-names.ts";
import type { VoiceContext } from "./context.ts";
import { type CallRecord, type CallStatus, canAdvance } from "./status.ts";

/** Where `transfer` re-points the call: another number, or a built-in agent. */
export type TransferTarget = { readonly to: string } | { readonly agent: AgentName };

/** A call, addressed by its one `sid`. */
export class Call {
  readonly sid: string;
  #record: CallRecord;
  readonly #bridges = new Set<AudioBridge>();

  /** @internal Use `voice.calls.originate()` or `voice.calls.get()`. */
  constructor(
    private readonly ctx: VoiceContext,
    record: CallRecord,
  ) {
    this.sid = record.sid;
    this.#record = record;
  }

  /** The latest record seen; never older than one seen before (status only moves forward). */
  get record(): CallRecord {
    return this.#record;
  }

  /** The latest status seen. */
  get status(): CallStatus {
    return this.#record.status;
  }

  /** @internal Takes a fresher record; an older status (a late answer) is ignored. */
  update(record: CallRecord): this {
    const current = this.#record;
    if (record.status === current.status || canAdvance(current.status, record.status)) {
      this.#record = record;
    }
    return this;
  }

  /** Fetches the latest record from the control plane. */
  async refresh(): Promise<this> {
    const record = await this.ctx.rpc<CallRecord>("query", "calls.get", { sid: this.sid });
    return this.update(record);
  }

  /**
   * Re-points the live audio at another number (`{ to }`) or binds a built-in
   * agent (`{ agent }`), keeping the sid. Bridges stay attached: with an agent,
   * the uplink still carries the caller and the agent speaks instead of the
   * bridge's downlink.
   */
  async transfer(target: TransferTarget): Promise<this> {
    if (typeof target !== "object" || target === null) {
      throw new VoiceError(VoiceErrorCode.INVALID_ARGUMENT, "transfer takes { to } or { agent }");
    }
    const input =
      "agent" in target
        ? { sid: this.sid, agent: checkAgent(target.agent) }
        : { sid: this.sid, to: checkE164(target.to, "to") };
    return this.update(await this.ctx.rpc<CallRecord>("mutation", "calls.transfer", input));
  }

  /** Ends the call: both tracks end and every bridge of this handle closes. */
  async hangup(): Promise<this> {
    const record = await this.ctx.rpc<CallRecord>("mutation", "calls.hangup", { sid: this.sid });
    await this.#closeBridges();
    return this.update(record);
  }

  /**
   * Attaches as the server end: the engine publishes the caller's audio on the
   * uplink in the requested format and plays what `write()` sends. Throws
   * `VOICE_UNSUPPORTED_CODEC` / `VOICE_UNSUPPORTED_FORMAT` before any request.
   */
  async attach(options: AudioBridgeOptions = {}): Promise<AudioBridge> {
    const format = resolveFormat(options);
    const record = await this.ctx.rpc<CallRecord>("mutation", "calls.attach", {
      sid: this.sid,
      ...format,
    });
    this.update(record);
    return this.#track(new AudioBridge(this.ctx.client(), this.sid, "server", options));
  }

  /** Attaches as the caller's device: publishes the uplink, plays the downlink. */
  attachCaller(options: AudioBridgeOptions = {}): AudioBridge {
    return this.#track(new AudioBridge(this.ctx.client(), this.sid, "caller", options));
  }

  #track(bridge: AudioBridge): AudioBridge {
    this.#bridges.add(bridge);
    void bridge.closed.then(() => this.#bridges.delete(bridge));
    return bridge;
  }

  async #closeBridges(): Promise<void> {
    await Promise.all([...this.#bridges].map((b) => b.close()));
  }
}
