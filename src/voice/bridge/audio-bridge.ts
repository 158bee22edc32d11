// The data plane of a call (seed 004 "AudioBridge"): one publication in the
// bridge's own direction and one subscription in the peer's, over
// voice/<sid>/{uplink,downlink}, in the codec the bridge was opened with.
import type { AudioPublication, AudioSubscription, MoqtClient } from "../../moqt/index.ts";
import { VoiceError, VoiceErrorCode } from "../errors.ts";
import { callNamespace, checkSid } from "../sid.ts";
import {
  type AudioFormat,
  type AudioFormatOptions,
  capabilityOf,
  checkFrame,
  resolveFormat,
  WEBCODECS_CODEC,
} from "./format.ts";
import { PlayoutGate } from "./playout-gate.ts";
import { WriteClock } from "./write-clock.ts";

/**
 * Which end of the call a bridge is: `"server"` (`attach`: subscribes uplink,
 * publishes downlink) or `"caller"` (`attachCaller`: publishes uplink,
 * subscribes downlink).
 */
export type BridgeRole = "server" | "caller";

/** Receives one frame from the peer: its capture time (µs) and the bytes in the bridge's codec. */
export type BridgeFrameHandler = (tsUs: number, frame: Uint8Array) => void;

/** Options of `call.attach()` / `call.attachCaller()`. */
export interface AudioBridgeOptions extends AudioFormatOptions {
  /** Called with every frame from the peer, in order; late frames are dropped. */
  readonly onFrame?: BridgeFrameHandler;
  /** Aborting it closes the bridge. */
  readonly signal?: AbortSignal;
}

/** The two call tracks: uplink carries the caller's audio, downlink what the caller hears. */
export const UPLINK = "uplink";
/** See {@link UPLINK}. */
export const DOWNLINK = "downlink";

/**
 * Bidirectional audio of one call over MoQT. `write()` sends one frame of
 * exactly `frameMs` in the bridge's codec; `onFrame` receives the peer's frames.
 * `close()` (or the call's hangup) ends both tracks and resolves `closed`.
 */
export class AudioBridge implements AsyncDisposable {
  /** The call's sid. */
  readonly sid: string;
  /** Which end of the call this bridge is. */
  readonly role: BridgeRole;
  /** The checked audio shape of both directions. */
  readonly format: AudioFormat;
  /** Resolves once the bridge is closed. */
  readonly closed: Promise<void>;
  readonly #publication: AudioPublication;
  readonly #subscription: AudioSubscription;
  readonly #gate = new PlayoutGate();
  readonly #clock: WriteClock;
  #resolveClosed!: () => void;
  #closing: Promise<void> | undefined;

  /** @internal Use `call.attach()`, `call.attachCaller()` or `voice.attachCaller()`. */
  constructor(client: MoqtClient, sid: string, role: BridgeRole, options: AudioBridgeOptions = {}) {
    this.sid = checkSid(sid);
    this.role = role;
    this.format = resolveFormat(options);
    const onFrame = options.onFrame;
    if (onFrame !== undefined && typeof onFrame !== "function") {
      throw new VoiceError(VoiceErrorCode.INVALID_ARGUMENT, "onFrame must be a function");
    }
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    this.#clock = new WriteClock(this.format.frameMs * 1000);
    const ns = callNamespace(this.sid);
    const [mine, peer] = role === "server" ? [DOWNLINK, UPLINK] : [UPLINK, DOWNLINK];
    this.#publication = client.publishAudio(ns, mine, {
      capability: capabilityOf(this.format.codec),
      codec: WEBCODECS_CODEC[this.format.codec],
      sampleRate: this.format.sampleRate,
      channels: this.format.channels,
      frameMs: this.format.frameMs,
    });
    this.#subscription = client.subscribeAudio(ns, peer, (tsUs, bytes) => {
      if (this.#closing === undefined && this.#gate.admit(tsUs)) onFrame?.(tsUs, bytes);
    });
    options.signal?.addEventListener("abort", () => void this.close(), { once: true });
  }

  /** Frames from the peer dropped at playout as late, plus those the subscription dropped. */
  get dropped(): number {
    return this.#gate.dropped + this.#subscription.dropped;
  }

  /** True once `close()` was called or the call ended. */
  get isClosed(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * Sends one frame of exactly `frameMs` in the bridge's codec (pcm16:
   * little-endian samples). `tsUs` defaults to the wall clock, kept increasing.
   * Throws `VOICE_WRONG_FRAME_SIZE`, or `VOICE_CLOSED` after `close()`.
   */
  write(frame: Uint8Array, tsUs?: number): void {
    if (this.#closing !== undefined) {
      throw new VoiceError(VoiceErrorCode.CLOSED, `the bridge of call ${this.sid} is closed`, {
        fatal: true,
      });
    }
    checkFrame(this.format, frame);
    this.#publication.write(tsUs ?? this.#clock.next(), frame);
  }

  /** Ends the publication (PUBLISH_DONE) and the subscription; never rejects. */
  close(): Promise<void> {
    this.#closing ??= Promise.all([this.#publication.close(), this.#subscription.close()]).then(
      () => this.#resolveClosed(),
    );
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
