// OpusPlayer (seed "The browser softphone path", step 3): downlink frames →
// decoder → the playout worklet's ring buffer, with late frames dropped
// before decoding.

import playoutWorkletUrl from "../../../worklets/playout.ts?worker&url";
import type { CoreSource } from "../../core/index.ts";
import type {
  AudioSubscription,
  MoqtClient,
  NamespaceInput,
  TrackSubscribeOptions,
} from "../../moqt/index.ts";
import { checkCodec, defaultRate, type SoftphoneCodec } from "./codecs.ts";
import { createDecoder, type FrameDecoder, PLAYOUT_RATE } from "./decoders.ts";
import { invalidArgument, SoftphoneError, SoftphoneErrorCode } from "./errors.ts";
import { type JitterOptions, jitterPolicy } from "./jitter.ts";
import type { PlayoutStats } from "./playout-engine.ts";
import { PlayoutNode, type PlayoutTransport } from "./playout-node.ts";

/** A frame this far behind the newest is a new sender clock, not a late frame. */
const NEW_STREAM_US = 5_000_000;

/** Options of {@link OpusPlayer.create}. */
export interface OpusPlayerOptions {
  /**
   * URL of the playout worklet module; default the package's own
   * (`@clutchcall/sdk/worklets/playout`, next to this module).
   */
  readonly workletUrl?: string | URL;
  /**
   * URL of the Opus decoder worker script; default the package's own
   * (`@clutchcall/sdk/workers/softphone-decoder`, next to this module).
   */
  readonly decoderWorkerUrl?: string | URL;
  /** Where to play; default a new interactive AudioContext at 48 kHz. */
  readonly context?: AudioContext;
  /** Where the player's node connects; default `context.destination`, `null` for none. */
  readonly destination?: AudioNode | null;
  /** Downlink codec; default "opus". G.711 and pcm16 decode in the WASM core. */
  readonly codec?: SoftphoneCodec;
  /** Rate of G.711 / pcm16 frames; default 8000 (G.711) or 16000 (pcm16). */
  readonly sampleRate?: number;
  /** Channels of the downlink (played as mono); default 1. */
  readonly channels?: 1 | 2;
  /** Jitter-buffer reserve: starts low, grows on underruns, shrinks when stable. */
  readonly jitter?: JitterOptions;
  /** Ring transport; default "auto" (SharedArrayBuffer when cross-origin isolated). */
  readonly transport?: PlayoutTransport;
  /** Where to get core.wasm for G.711 / pcm16 downlinks. */
  readonly wasm?: CoreSource;
}

/** `OpusPlayer.stats()`: the jitter buffer's counters plus the player's own. */
export interface OpusPlayerStats extends PlayoutStats {
  /** Frames dropped because they arrived behind a newer frame. */
  readonly lateDrops: number;
  /** Frames handed to the decoder. */
  readonly framesDecoded: number;
  /** How samples reach the worklet. */
  readonly transport: "shared" | "message";
}

/**
 * Plays a softphone downlink: decodes Opus with WebCodecs in a worker that writes
 * straight into the playout ring (G.711 / pcm16 with
 * the WASM core) and renders through an AudioWorklet ring buffer with an
 * adaptive jitter target, silence on underrun, late-frame drops and
 * clock-drift correction.
 *
 * ```ts
 * const player = await OpusPlayer.create();
 * player.subscribe(client, `voice/${sid}`, "downlink");
 * console.log(player.stats().bufferMs);
 * ```
 */
export class OpusPlayer {
  #lastTsUs = -1;
  #lateDrops = 0;
  #decoded = 0;
  #subscription: AudioSubscription | undefined;
  #error: SoftphoneError | undefined;
  #closed = false;

  private constructor(
    /** The AudioContext the player renders in. */
    readonly context: AudioContext,
    private readonly playout: PlayoutNode,
    private readonly decoder: FrameDecoder,
    private readonly ownsContext: boolean,
  ) {}

  /** Loads the worklet and the decoder. Rejects with a SoftphoneError (CROSS_ORIGIN_ISOLATION, WORKLET, NOT_SUPPORTED, INVALID_ARGUMENT). */
  static async create(options: OpusPlayerOptions = {}): Promise<OpusPlayer> {
    if (options === null || typeof options !== "object") {
      throw invalidArgument("OpusPlayer.create takes an options object");
    }
    const workletUrl = options.workletUrl ?? playoutWorkletUrl;
    if (typeof workletUrl !== "string" && !(workletUrl instanceof URL)) {
      throw invalidArgument("workletUrl must be the URL of the playout worklet module");
    }
    const workerUrl = options.decoderWorkerUrl;
    if (workerUrl !== undefined && typeof workerUrl !== "string" && !(workerUrl instanceof URL)) {
      throw invalidArgument("decoderWorkerUrl must be the URL of the decoder worker script");
    }
    const codec = checkCodec(options.codec ?? "opus");
    const channels = options.channels ?? 1;
    if (channels !== 1 && channels !== 2) throw invalidArgument("channels must be 1 or 2");
    const sampleRate = options.sampleRate ?? defaultRate(codec);
    const transport = options.transport ?? "auto";
    if (!["auto", "shared", "message"].includes(transport)) {
      throw invalidArgument(`transport must be "auto", "shared" or "message", got ${transport}`);
    }
    const policy = jitterPolicy(options.jitter);
    const ownsContext = options.context === undefined;
    const context =
      options.context ?? new AudioContext({ sampleRate: PLAYOUT_RATE, latencyHint: "interactive" });
    let playout: PlayoutNode | undefined;
    try {
      playout = await PlayoutNode.create(context, {
        workletUrl,
        inputRate: PLAYOUT_RATE,
        policy,
        transport,
      });
      let player: OpusPlayer | undefined;
      const decoder = await createDecoder({
        codec,
        sampleRate,
        channels,
        playout,
        ...(options.wasm !== undefined && { wasm: options.wasm }),
        ...(options.decoderWorkerUrl !== undefined && { workerUrl: options.decoderWorkerUrl }),
        onError: (e) => {
          if (player !== undefined) player.#fail(e);
        },
      });
      player = new OpusPlayer(context, playout, decoder, ownsContext);
      const destination =
        options.destination === undefined ? context.destination : options.destination;
      if (destination !== null) playout.node.connect(destination);
      return player;
    } catch (e) {
      playout?.close();
      if (ownsContext) await context.close();
      throw e;
    }
  }

  /** The worklet node that outputs the downlink audio (mono). */
  get node(): AudioNode {
    return this.playout.node;
  }

  /** Why the player stopped decoding, if it did. */
  get error(): SoftphoneError | undefined {
    return this.#error;
  }

  /**
   * Subscribes `client` to the downlink track `ns`/`name` and plays every frame
   * it delivers; closing the player closes the subscription.
   */
  subscribe(
    client: MoqtClient,
    ns: NamespaceInput,
    name: string,
    options?: TrackSubscribeOptions,
  ): AudioSubscription {
    this.#assertOpen();
    if (this.#subscription !== undefined) {
      throw invalidArgument("this player already plays a subscription; create another player");
    }
    this.#subscription = client.subscribeAudio(
      ns,
      name,
      (tsUs, bytes) => this.push(tsUs, bytes),
      options,
    );
    return this.#subscription;
  }

  /**
   * Plays one encoded frame captured at `tsUs` (µs). A frame not newer than the
   * last one played is late (or a duplicate) and dropped; one more than 5 s
   * older starts a new sender timeline.
   */
  push(tsUs: number, bytes: Uint8Array): void {
    this.#assertOpen();
    if (typeof tsUs !== "number" || !Number.isFinite(tsUs)) {
      throw invalidArgument(`tsUs must be a finite number of µs, got ${String(tsUs)}`);
    }
    if (!(bytes instanceof Uint8Array)) throw invalidArgument("frame bytes must be a Uint8Array");
    if (this.#error !== undefined) return;
    if (tsUs > 0 && tsUs <= this.#lastTsUs && this.#lastTsUs - tsUs < NEW_STREAM_US) {
      this.#lateDrops++;
      return;
    }
    if (tsUs > 0) this.#lastTsUs = tsUs;
    this.#decoded++;
    this.decoder.decode(tsUs, bytes);
  }

  /** Buffer level, jitter target, underruns, concealed and dropped audio, late drops. */
  stats(): OpusPlayerStats {
    return {
      ...this.playout.stats,
      lateDrops: this.#lateDrops,
      framesDecoded: this.#decoded,
      transport: this.playout.shared ? "shared" : "message",
    };
  }

  /** Stops playing: closes the subscription, the decoder, the worklet node (and the context it created). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#subscription?.close();
    this.decoder.close();
    this.playout.close();
    if (this.ownsContext) await this.context.close();
  }

  #fail(error: SoftphoneError): void {
    this.#error ??= error;
  }

  #assertOpen(): void {
    if (this.#closed) throw new SoftphoneError(SoftphoneErrorCode.Closed, "the player is closed");
  }
}
