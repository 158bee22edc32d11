// One encoder connection's media, whatever carried it (RTMP messages, or FLV
// tags ffmpeg read from SRT): one ffmpeg per track kind into the broadcast.

import { codecString } from "../media/codec-string.ts";
import { initFacts } from "../media/track-info.ts";
import { aacObjectType, FlvTagType, isAacAudio, isAvcVideo } from "./flv.ts";
import { initFromSequenceHeader } from "./flv-init.ts";
import type { IngestBroadcast } from "./ingest-broadcast.ts";
import { TrackRemuxer } from "./remux.ts";

/** Reports ingest events (publish accepted or refused, ended, ffmpeg failures). */
export type IngestLog = (
  level: "info" | "warn",
  event: string,
  fields: Record<string, unknown>,
) => void;

/** One audio or video message: an FLV tag body with its timestamp. */
export interface MediaMessage {
  /** The FLV tag type (= RTMP message type): 8 audio, 9 video, others ignored. */
  readonly typeId: number;
  readonly timestamp: number;
  readonly payload: Uint8Array;
}

const AAC_PROFILES: Readonly<Record<number, string>> = { 2: "LC", 5: "HE-AAC", 29: "HE-AACv2" };

export class IngestSession {
  #video: TrackRemuxer | undefined;
  #audio: TrackRemuxer | undefined;
  /**
   * Copying remuxers started with the session, before its first media message:
   * ffmpeg's start-up (hundreds of ms on a loaded machine) overlaps the wait for
   * the encoder's media instead of following it. Used when the track is H.264 /
   * AAC, stopped otherwise.
   */
  readonly #spare = new Map<FlvTagType, TrackRemuxer>();
  #aacProfile: string | undefined;
  /** Init segments published from the sequence headers, before ffmpeg's. */
  readonly #early = new Map<FlvTagType, Uint8Array>();
  readonly #fragmented = new Set<FlvTagType>();
  #ended = false;
  #startedMs = 0;
  #announced = false;

  constructor(
    private readonly broadcast: IngestBroadcast,
    private readonly onEnd: (s: IngestSession) => void,
    private readonly log: IngestLog,
  ) {
    for (const kind of [FlvTagType.Video, FlvTagType.Audio]) {
      this.#spare.set(kind, new TrackRemuxer(kind, true, this.#events(kind, true)));
    }
  }

  #events(kind: FlvTagType, copy: boolean) {
    const name = kind === FlvTagType.Video ? "video" : "audio";
    return {
      init: (init: Uint8Array) => {
        const early = this.#early.get(kind);
        // ffmpeg's init segment describes the track the sequence header did: nothing changes.
        if (early !== undefined && sameTrack(early, init, this.#aacProfile)) return;
        if (early !== undefined) this.log("info", "ingest.init_replaced", { track: name });
        this.#init(kind, init, copy ? this.#aacProfile : "LC");
      },
      fragment: (f: Uint8Array) => {
        this.broadcast.fragment(name, f);
        this.#announce();
        if (this.#fragmented.has(kind)) return;
        this.#fragmented.add(kind);
        this.log("info", "ingest.first_fragment", {
          track: name,
          afterFirstMediaMs: this.#sinceMs(),
        });
      },
      failed: (message: string) =>
        this.log("warn", "ingest.ffmpeg_failed", { track: name, message }),
    };
  }

  #sinceMs(): number {
    return Math.round(performance.now() - this.#startedMs);
  }

  #init(kind: FlvTagType, init: Uint8Array, aacProfile: string | undefined): void {
    this.broadcast.init(kind === FlvTagType.Video ? "video" : "audio", init, aacProfile);
    this.#announce();
  }

  #announce(): void {
    if (this.#announced || !this.broadcast.listed) return;
    this.#announced = true;
    this.log("info", "ingest.tracks_published", { afterFirstMediaMs: this.#sinceMs() });
  }

  #remuxer(kind: FlvTagType, body: Uint8Array): TrackRemuxer {
    this.broadcast.expect(kind === FlvTagType.Video ? "video" : "audio");
    const copy = kind === FlvTagType.Video ? isAvcVideo(body) : isAacAudio(body);
    const spare = this.#spare.get(kind)!;
    this.#spare.delete(kind);
    if (copy) return spare;
    spare.kill();
    return new TrackRemuxer(kind, false, this.#events(kind, false));
  }

  #dropSpares(): void {
    for (const r of this.#spare.values()) r.kill();
    this.#spare.clear();
  }

  media(m: MediaMessage): void {
    if (this.#ended || m.payload.byteLength === 0) return;
    if (this.#startedMs === 0 && (m.typeId === FlvTagType.Video || m.typeId === FlvTagType.Audio)) {
      this.#startedMs = performance.now();
      this.broadcast.beginSession(Date.now() * 1000);
    }
    if (m.typeId === FlvTagType.Video) {
      this.#video ??= this.#remuxer(FlvTagType.Video, m.payload);
      this.#sequenceHeader(FlvTagType.Video, m.payload);
      this.#video.write(m.timestamp, m.payload);
    } else if (m.typeId === FlvTagType.Audio) {
      const aot = aacObjectType(m.payload);
      if (aot !== undefined) this.#aacProfile = AAC_PROFILES[aot] ?? "LC";
      this.#audio ??= this.#remuxer(FlvTagType.Audio, m.payload);
      this.#sequenceHeader(FlvTagType.Audio, m.payload);
      this.#audio.write(m.timestamp, m.payload);
    }
  }

  /** A sequence header of a copied track: its init segment is published at once. */
  #sequenceHeader(kind: FlvTagType, body: Uint8Array): void {
    const remuxer = kind === FlvTagType.Video ? this.#video : this.#audio;
    if (this.#early.has(kind) || remuxer?.copy !== true) return;
    const init = initFromSequenceHeader(kind, body);
    if (init === undefined) return;
    this.#early.set(kind, init);
    this.#init(kind, init, this.#aacProfile);
  }

  /** The encoder finished: flush both remuxers, then report the end. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#dropSpares();
    void Promise.allSettled([this.#video?.close(), this.#audio?.close()]).then(() =>
      this.onEnd(this),
    );
  }

  /** Another connection took over this input: stop at once. */
  abandon(): void {
    this.#ended = true;
    this.#dropSpares();
    this.#video?.kill();
    this.#audio?.kill();
  }
}

/**
 * True when two init segments describe the same track for a viewer (size, timing, codec);
 * channel counts may differ: ffmpeg writes 2 in every mp4a entry.
 */
function sameTrack(a: Uint8Array, b: Uint8Array, aacProfile: string | undefined): boolean {
  try {
    const [fa, fb] = [initFacts(a), initFacts(b)];
    return (
      fa.width === fb.width &&
      fa.height === fb.height &&
      fa.timescale === fb.timescale &&
      codecString(a, aacProfile) === codecString(b, aacProfile)
    );
  } catch {
    return false;
  }
}
