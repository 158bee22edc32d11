// The calls control plane behind the voice procedures: originate (idempotent),
// get, list, transfer, hangup, attach and agents, on the simulated PSTN. The
// live part of each call (dial progress, media) is in memory; every status
// change is stored first, then announced by webhook.
import { createHash, randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { Core } from "../../../src/core/core.ts";
import type { MoqtClient } from "../../../src/moqt/client/client.ts";
import { type AudioFormatOptions, resolveFormat } from "../../../src/voice/bridge/format.ts";
import type { CallEndReason, CallStatus } from "../../../src/voice/control/status.ts";
import { isTerminal } from "../../../src/voice/control/status.ts";
import { VoiceError, VoiceErrorCode } from "../../../src/voice/errors.ts";
import { type RelayClock, systemClock } from "../../relay/core/clock.ts";
import type { RelayLogger } from "../../relay/core/logger.ts";
import { type AgentName, createAgent } from "./agents/registry.ts";
import type { AudioPeer } from "./audio-peer.ts";
import { CallStore, type StoredCall } from "./call-store.ts";
import { CallMedia } from "./media/call-media.ts";
import type { LegCodec } from "./media/leg.ts";
import { Ticker } from "./media/ticker.ts";
import { type DialEvent, SimulatedDial } from "./simulator/dialer.ts";
import { behaviourOf } from "./simulator/numbers.ts";
import { WebhookSender, webhookSecret } from "./webhooks.ts";

/** Default ring timeout of the simulator (`--ring-timeout`), seconds. */
export const DEFAULT_RING_TIMEOUT_S = 30;

/** What the voice service needs from its host. */
export interface VoiceServiceOptions {
  readonly db: DatabaseSync;
  readonly core: Core;
  /** The engine's own client of the relay (in-process), made on first attach. */
  readonly client: () => MoqtClient;
  readonly logger: RelayLogger;
  /** The pre-rendered prompt of +15550100005 (8 kHz), if setup made one. */
  readonly prompt: Int16Array | undefined;
  readonly ringTimeoutS?: number;
  readonly clock?: RelayClock;
  readonly fetch?: typeof fetch;
}

/** Arguments of originate. */
export interface OriginateInput {
  readonly to: string;
  readonly from: string;
  /** The leg's G.711 law; default by the number's region. */
  readonly codec?: LegCodec | undefined;
  readonly webhookUrl?: string | undefined;
  readonly idempotencyKey?: string | undefined;
}

interface LiveCall {
  dial: SimulatedDial | undefined;
  readonly media: CallMedia;
  untick: (() => void) | undefined;
}

/** Why a transfer target did not take the call, as a carrier would signal it. */
const TRANSFER_REFUSALS = {
  busy: "is busy",
  no_answer: "does not answer",
  unallocated: "is not an allocated number (unallocated_number)",
} as const;

function newSid(): string {
  return `CA${randomBytes(16).toString("hex")}`;
}

/** PSTN legs to North American numbers speak µ-law; elsewhere A-law (G.711 practice). */
function legCodecFor(number: string): LegCodec {
  return number.startsWith("+1") ? "g711_ulaw" : "g711_alaw";
}

export class VoiceService {
  readonly store: CallStore;
  readonly #o: VoiceServiceOptions;
  readonly #clock: RelayClock;
  readonly #ticker: Ticker;
  readonly #webhooks: WebhookSender;
  readonly #live = new Map<string, LiveCall>();

  constructor(o: VoiceServiceOptions) {
    this.#o = o;
    this.store = new CallStore(o.db);
    this.#clock = o.clock ?? systemClock;
    this.#ticker = new Ticker(() => this.#clock.nowMs());
    this.#webhooks = new WebhookSender(
      this.#clock,
      (a) =>
        o.logger.log(a.final && a.status === undefined ? "warn" : "debug", "voice.webhook", {
          ...a,
        }),
      o.fetch,
    );
  }

  /**
   * Ends the calls a previous engine process left unfinished (their media died
   * with it): ringing or dialing ones fail, connected ones complete.
   */
  endOrphans(): number {
    const sids = this.store.unfinished();
    for (const sid of sids) {
      const call = this.store.advance(sid, "completed", this.#clock.nowMs(), "remote_hangup");
      if (call !== undefined) this.#announce(call);
    }
    return sids.length;
  }

  /** Starts a call to `to`; it is `dialing` when this returns. */
  originate(orgId: string, input: OriginateInput): StoredCall {
    const requestHash = createHash("sha256")
      .update(JSON.stringify([input.to, input.from, input.codec ?? null, input.webhookUrl ?? null]))
      .digest("hex");
    if (input.idempotencyKey !== undefined) {
      const earlier = this.store.byIdempotencyKey(orgId, input.idempotencyKey);
      if (earlier !== undefined) {
        if (earlier.requestHash !== requestHash) {
          throw new VoiceError(
            VoiceErrorCode.IDEMPOTENCY_CONFLICT,
            `idempotency key ${input.idempotencyKey} was used for a different call`,
          );
        }
        return earlier;
      }
    }
    const call = this.store.create({
      sid: newSid(),
      orgId,
      direction: "outbound",
      to: input.to,
      from: input.from,
      nowMs: this.#clock.nowMs(),
      webhookUrl: input.webhookUrl,
      idempotencyKey: input.idempotencyKey,
      requestHash,
    });
    this.#announce(call);
    this.#dial(call, input.to, input.codec ?? legCodecFor(input.to));
    return call;
  }

  /**
   * An inbound call from `from` to `to` (the `call-in` generator): it rings the
   * org at once and is answered, its far end behaving as the test number
   * `as` does (default the echo number).
   */
  callIn(orgId: string, from: string, to: string, as: string): StoredCall {
    const behaviour = behaviourOf(as, this.#o.prompt);
    if (behaviour.kind !== "answers") {
      throw new VoiceError(
        VoiceErrorCode.INVALID_ARGUMENT,
        `an inbound caller must behave as an answering test number (echo, tone or prompt), not ${as}`,
      );
    }
    const call = this.store.create({
      sid: newSid(),
      orgId,
      direction: "inbound",
      to,
      from,
      nowMs: this.#clock.nowMs(),
    });
    this.#announce(call);
    const live: LiveCall = {
      dial: undefined,
      media: new CallMedia(this.#o.core, this.#o.client, call.sid, legCodecFor(from)),
      untick: undefined,
    };
    this.#live.set(call.sid, live);
    this.#advance(call.sid, "ringing");
    this.#answer(call.sid, live, behaviour.peer());
    return this.store.get(orgId, call.sid)!;
  }

  /** The call `sid` of `orgId`; throws `VOICE_UNKNOWN_CALL`. */
  get(orgId: string, sid: string): StoredCall {
    const call = this.store.get(orgId, sid);
    if (call === undefined) {
      throw new VoiceError(VoiceErrorCode.UNKNOWN_CALL, `no call ${sid} in this org`);
    }
    return call;
  }

  /** Ends the call: `completed` with reason `hangup` (also before it was answered); both tracks end. */
  async hangup(orgId: string, sid: string): Promise<StoredCall> {
    const call = this.#liveCall(orgId, sid);
    await this.#end(sid, "completed", "hangup");
    return this.store.get(orgId, call.sid)!;
  }

  /** Opens the call's tracks on the relay in `format` (the engine's end of `call.attach`). */
  async attach(orgId: string, sid: string, format: AudioFormatOptions): Promise<StoredCall> {
    const checked = resolveFormat(format);
    const call = this.#liveCall(orgId, sid);
    const live = this.#live.get(sid)!;
    await live.media.attach(checked);
    return call;
  }

  /** Binds the built-in agent `name` to the call (replacing any earlier one). */
  async attachAgent(
    orgId: string,
    sid: string,
    name: AgentName,
    text?: string,
  ): Promise<StoredCall> {
    this.#liveCall(orgId, sid);
    const agent: AudioPeer = await createAgent(name, text);
    const live = this.#live.get(sid);
    if (live === undefined) return this.get(orgId, sid); // ended while the agent was made
    live.media.setAgent(agent);
    this.store.setAgent(sid, name);
    return this.get(orgId, sid);
  }

  /** Re-points the call at another test number (its far end changes), keeping the sid. */
  transferToNumber(orgId: string, sid: string, to: string): StoredCall {
    const call = this.#liveCall(orgId, sid);
    const live = this.#live.get(sid)!;
    const behaviour = behaviourOf(to, this.#o.prompt);
    if (call.status !== "in_progress") {
      throw new VoiceError(
        VoiceErrorCode.TRANSFER_FAILED,
        `call ${sid} is ${call.status}: only a connected call can be transferred`,
      );
    }
    if (behaviour.kind !== "answers") {
      throw new VoiceError(
        VoiceErrorCode.TRANSFER_FAILED,
        `${to} ${TRANSFER_REFUSALS[behaviour.kind]}: the transfer failed and the call continues as it was`,
      );
    }
    live.media.setFarEnd(behaviour.peer());
    this.store.setTo(sid, to);
    return this.get(orgId, sid);
  }

  /** The org's webhook signing secret. */
  webhookSecret(orgId: string): string {
    return webhookSecret(this.#o.db, orgId);
  }

  /** Ends every live call and stops retrying webhooks. */
  async close(): Promise<void> {
    await Promise.all([...this.#live.keys()].map((sid) => this.#end(sid, "completed", "hangup")));
    this.#webhooks.close();
  }

  #liveCall(orgId: string, sid: string): StoredCall {
    const call = this.get(orgId, sid);
    if (isTerminal(call.status) || !this.#live.has(sid)) {
      throw new VoiceError(VoiceErrorCode.CALL_ENDED, `call ${sid} already ended (${call.status})`);
    }
    return call;
  }

  #dial(call: StoredCall, to: string, legCodec: LegCodec): void {
    const live: LiveCall = {
      dial: undefined,
      media: new CallMedia(this.#o.core, this.#o.client, call.sid, legCodec),
      untick: undefined,
    };
    this.#live.set(call.sid, live);
    const ringTimeoutMs = (this.#o.ringTimeoutS ?? DEFAULT_RING_TIMEOUT_S) * 1000;
    live.dial = new SimulatedDial(
      behaviourOf(to, this.#o.prompt),
      ringTimeoutMs,
      this.#clock,
      (event: DialEvent) => {
        if (event.status === "ringing") this.#advance(call.sid, "ringing");
        else if (event.status === "in_progress") this.#answer(call.sid, live, event.peer);
        else void this.#end(call.sid, event.status, event.reason);
      },
    );
  }

  #answer(sid: string, live: LiveCall, peer: AudioPeer): void {
    live.media.setFarEnd(peer);
    live.untick = this.#ticker.add((nowMs) => {
      try {
        live.media.tick(nowMs);
      } catch (e) {
        this.#o.logger.log("error", "voice.media_failed", { sid, error: e });
        void this.#end(sid, "completed", "remote_hangup");
      }
    });
    this.#advance(sid, "in_progress");
  }

  #advance(sid: string, status: CallStatus, reason: CallEndReason | null = null): void {
    const call = this.store.advance(sid, status, this.#clock.nowMs(), reason);
    if (call !== undefined) this.#announce(call);
  }

  async #end(sid: string, status: CallStatus, reason: CallEndReason): Promise<void> {
    const live = this.#live.get(sid);
    if (live === undefined) return;
    this.#live.delete(sid);
    live.dial?.cancel();
    live.untick?.();
    this.#advance(sid, status, reason);
    await live.media.close();
  }

  #announce(call: StoredCall): void {
    this.#o.logger.log("info", "voice.call_status", {
      sid: call.sid,
      status: call.status,
      reason: call.reason,
    });
    if (call.webhookUrl === null) return;
    const { orgId, webhookUrl, requestHash: _, ...record } = call;
    this.#webhooks.send(
      webhookUrl,
      this.webhookSecret(orgId),
      { type: "call.status", call: record },
      call.sid,
    );
  }
}
