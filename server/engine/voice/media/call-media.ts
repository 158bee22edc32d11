// The media of one call, one 20 ms leg frame per tick: the far end speaks onto
// the leg; the leg's audio goes to the attached bridge (uplink) and to the
// agent; the far end hears the agent, or else the bridge's downlink.
import type { Core } from "../../../../src/core/core.ts";
import type { MoqtClient } from "../../../../src/moqt/client/client.ts";
import type { AudioFormat } from "../../../../src/voice/bridge/format.ts";
import { type AudioPeer, LEG_FRAME_SAMPLES } from "../audio-peer.ts";
import { type LegCodec, LegCodecs } from "./leg.ts";
import { RelayTap } from "./relay-tap.ts";

export class CallMedia {
  readonly #leg: LegCodecs;
  #farEnd: AudioPeer | undefined;
  #agent: AudioPeer | undefined;
  #tap: RelayTap | undefined;

  constructor(
    private readonly core: Core,
    private readonly client: () => MoqtClient,
    readonly sid: string,
    legCodec: LegCodec,
  ) {
    this.#leg = new LegCodecs(core, legCodec);
  }

  /** The format of the attached bridge, if any. */
  get bridgeFormat(): AudioFormat | undefined {
    return this.#tap?.format;
  }

  /** Connects the answered far end (or a new one after a transfer). */
  setFarEnd(peer: AudioPeer): void {
    this.#farEnd = peer;
  }

  /** Binds an agent to the leg (it replaces the bridge's downlink), or unbinds it. */
  setAgent(agent: AudioPeer | undefined): void {
    this.#agent = agent;
  }

  /** Opens the call's tracks in `format` (closing those of an earlier attach first). */
  async attach(format: AudioFormat): Promise<void> {
    const old = this.#tap;
    this.#tap = undefined;
    await old?.close();
    this.#tap = new RelayTap(this.core, this.client(), this.sid, this.#leg.format, format);
  }

  /** Moves one leg frame each way; `nowMs` advances by 20 between calls. */
  tick(nowMs: number): void {
    const farEnd = this.#farEnd;
    if (farEnd === undefined) return;
    const said = this.#leg.encode(farEnd.speak(nowMs));
    this.#tap?.sendUplink(said, nowMs * 1000);
    let toFarEnd: Uint8Array | undefined;
    if (this.#agent !== undefined) {
      this.#agent.hear(this.#leg.decode(said), nowMs);
      toFarEnd = this.#leg.encode(this.#agent.speak(nowMs));
    } else {
      toFarEnd = this.#tap?.takeDownlink();
    }
    farEnd.hear(
      toFarEnd === undefined ? new Int16Array(LEG_FRAME_SAMPLES) : this.#leg.decode(toFarEnd),
      nowMs,
    );
  }

  /** Ends the tracks and frees the codecs. */
  async close(): Promise<void> {
    this.#farEnd = undefined;
    this.#agent = undefined;
    const tap = this.#tap;
    this.#tap = undefined;
    await tap?.close();
    this.#leg.free();
  }
}
