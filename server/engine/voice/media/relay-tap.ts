// The engine's side of a call's tracks on the relay: it publishes the leg's
// audio on voice/<sid>/uplink and takes voice/<sid>/downlink back to the leg,
// both transcoded to and from the format the attached bridge asked for.
import type { Core } from "../../../../src/core/core.ts";
import type { AudioPublication } from "../../../../src/moqt/client/audio-publication.ts";
import type { AudioSubscription } from "../../../../src/moqt/client/audio-subscription.ts";
import type { MoqtClient } from "../../../../src/moqt/client/client.ts";
import { DOWNLINK, UPLINK } from "../../../../src/voice/bridge/audio-bridge.ts";
import {
  type AudioFormat,
  capabilityOf,
  WEBCODECS_CODEC,
} from "../../../../src/voice/bridge/format.ts";
import { callNamespace } from "../../../../src/voice/sid.ts";
import { sameFormat, Transcoder } from "./transcoder.ts";

/** Leg frames waiting for the leg: up to 200 ms of network jitter; beyond, the oldest are dropped (late audio is useless). */
const MAX_QUEUED_FRAMES = 10;

export class RelayTap {
  readonly #publication: AudioPublication;
  readonly #subscription: AudioSubscription;
  readonly #up: Transcoder | undefined;
  readonly #down: Transcoder | undefined;
  readonly #queue: Uint8Array[] = [];
  #dropped = 0;

  constructor(
    core: Core,
    client: MoqtClient,
    sid: string,
    leg: AudioFormat,
    readonly format: AudioFormat,
  ) {
    const transcode = !sameFormat(leg, format);
    this.#up = transcode ? new Transcoder(core, leg, format) : undefined;
    this.#down = transcode ? new Transcoder(core, format, leg) : undefined;
    const ns = callNamespace(sid);
    this.#publication = client.publishAudio(ns, UPLINK, {
      capability: capabilityOf(format.codec),
      codec: WEBCODECS_CODEC[format.codec],
      sampleRate: format.sampleRate,
      channels: format.channels,
      frameMs: format.frameMs,
    });
    this.#subscription = client.subscribeAudio(ns, DOWNLINK, (_tsUs, frame) => {
      let legFrames: Uint8Array[];
      try {
        legFrames = this.#down === undefined ? [frame] : this.#down.push(frame);
      } catch {
        this.#dropped++; // an undecodable frame costs one frame, not the call
        return;
      }
      for (const f of legFrames) {
        this.#queue.push(f);
        if (this.#queue.length > MAX_QUEUED_FRAMES) {
          this.#queue.shift();
          this.#dropped++;
        }
      }
    });
  }

  /** Downlink frames dropped as late or undecodable. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Publishes one leg frame (what the far end said) on the uplink. */
  sendUplink(legFrame: Uint8Array, tsUs: number): void {
    const frames = this.#up === undefined ? [legFrame] : this.#up.push(legFrame);
    for (const f of frames) this.#publication.write(tsUs, f);
  }

  /** The next downlink frame for the leg, if one arrived. */
  takeDownlink(): Uint8Array | undefined {
    return this.#queue.shift();
  }

  /** Ends both tracks (PUBLISH_DONE, UNSUBSCRIBE) and frees the transcoders. */
  async close(): Promise<void> {
    await Promise.all([this.#publication.close(), this.#subscription.close()]);
    this.#up?.free();
    this.#down?.free();
  }
}
