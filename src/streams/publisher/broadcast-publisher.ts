// BroadcastPublisher: a MediaStream → simulcast H.264 renditions + Opus → CMAF
// chunks (one per frame) → one MoQT track per rendition, plus the in-band
// `.catalog` track.

import {
  ConnectionState,
  type FramePublication,
  MoqtClient,
  MoqtClientErrorCode,
  type VideoPublication,
} from "../../moqt/index.ts";
import { TypedEmitter } from "../../moqt/session/emitter.ts";
import {
  BroadcastPublisherError,
  BroadcastPublisherErrorCode as Code,
} from "../broadcast-errors.ts";
import { CATALOG_TRACK, type Catalog, type CatalogTrack, encodeCatalog } from "../catalog.ts";
import type { CmafChunk } from "../cmaf/chunk-writer.ts";
import { sessionTarget } from "../relay-url.ts";
import { AudioTrack } from "./audio-track.ts";
import { CaptureClock } from "./capture-clock.ts";
import {
  type BroadcastPublisherOptions,
  type ResolvedPublisherOptions,
  resolvePublisherOptions,
} from "./options.ts";
import { pumpFrames, trackProcessor } from "./track-frames.ts";
import type { EncodedTrackStats, TrackOutput } from "./track-output.ts";
import { VideoRendition } from "./video-rendition.ts";

/** The capability every broadcast track declares (seed "Wire model"). */
export const BROADCAST_CAPABILITY = "media.broadcast";

/** MoQT Publisher Priorities (0 = most urgent): the catalog carries the init segments. */
const PRIORITY = { catalog: 0, audio: 64, video: 128 } as const;

/** Events of a `BroadcastPublisher`. */
export interface BroadcastPublisherEvents {
  /** Every track is published on the current relay session (after each reconnect too). */
  live: undefined;
  /** The catalog changed (first configuration, a new init segment). */
  catalog: Catalog;
  /** A failure; `fatal` ones stop the publisher. */
  error: BroadcastPublisherError;
}

/** What `stats()` returns. */
export interface BroadcastPublisherStats {
  readonly state: ConnectionState | "idle" | "stopped";
  readonly tracks: readonly EncodedTrackStats[];
}

/**
 * Publishes a camera/microphone `MediaStream` as a live broadcast: simulcast
 * H.264 renditions and Opus audio, each packaged as CMAF and sent one chunk
 * (one frame) per MoQT Object on its own track as soon as it is encoded; a
 * CMAF fragment opens a Group (video: at each keyframe; audio: every
 * `timesliceMs`).
 */
export class BroadcastPublisher {
  private readonly o: ResolvedPublisherOptions;
  private readonly events = new TypedEmitter<BroadcastPublisherEvents>();
  private client: MoqtClient | undefined;
  private readonly abort = new AbortController();
  private readonly clock = new CaptureClock();
  private renditions: VideoRendition[] = [];
  private audio: AudioTrack | undefined;
  private readonly catalogTracks = new Map<string, CatalogTrack>();
  private readonly trackOrder: string[] = [];
  private catalogPub: FramePublication | undefined;
  private readonly media = new Map<string, VideoPublication>();
  private namespace = "";
  private state: "idle" | "publishing" | "stopped" = "idle";
  private pumps: Promise<void>[] = [];
  private stopping = false;

  constructor(
    private readonly relayUrl: string,
    options: BroadcastPublisherOptions = {},
  ) {
    try {
      new URL(relayUrl);
    } catch {
      throw new BroadcastPublisherError(
        Code.INVALID_ARGUMENT,
        `relayUrl is not a URL: ${relayUrl}`,
      );
    }
    this.o = resolvePublisherOptions(options);
  }

  on<K extends keyof BroadcastPublisherEvents>(
    type: K,
    listener: (e: BroadcastPublisherEvents[K]) => void,
  ): () => void {
    return this.events.on(type, listener);
  }

  off<K extends keyof BroadcastPublisherEvents>(
    type: K,
    listener: (e: BroadcastPublisherEvents[K]) => void,
  ): void {
    this.events.off(type, listener);
  }

  /**
   * Starts publishing `mediaStream` (its first video and first audio track) as
   * live input `inputId`, authenticated by `streamKey`, in MoQT namespace
   * `namespace` (`stream/<org>/<input_id>`). Resolves once connected; rejects
   * with `auth_failed` when the relay refuses the key.
   */
  async publish(
    inputId: string,
    streamKey: string,
    mediaStream: MediaStream,
    namespace: string,
  ): Promise<void> {
    if (this.state !== "idle") {
      throw new BroadcastPublisherError(
        Code.INVALID_STATE,
        "publish() may be called once per publisher",
      );
    }
    if (typeof inputId !== "string" || inputId === "") {
      throw new BroadcastPublisherError(
        Code.INVALID_ARGUMENT,
        "inputId must be a non-empty string",
      );
    }
    if (typeof namespace !== "string" || namespace === "") {
      throw new BroadcastPublisherError(
        Code.INVALID_ARGUMENT,
        "namespace must be a non-empty string, e.g. stream/<org>/<input_id>",
      );
    }
    if (!(typeof MediaStream !== "undefined" && mediaStream instanceof MediaStream)) {
      throw new BroadcastPublisherError(Code.INVALID_ARGUMENT, "mediaStream must be a MediaStream");
    }
    const video = mediaStream.getVideoTracks()[0];
    const audio = mediaStream.getAudioTracks()[0];
    if (video === undefined && audio === undefined) {
      throw new BroadcastPublisherError(
        Code.INVALID_ARGUMENT,
        "mediaStream has no video or audio track",
      );
    }
    if (trackProcessor() === undefined || typeof VideoEncoder === "undefined") {
      throw new BroadcastPublisherError(
        Code.UNSUPPORTED,
        "this browser lacks MediaStreamTrackProcessor or WebCodecs",
      );
    }
    this.state = "publishing";
    this.namespace = namespace;
    const target = sessionTarget(this.relayUrl, "publish", inputId, streamKey);
    const client = MoqtClient.connect(target.url, {
      ...this.o.client,
      ...(target.token !== undefined && { token: target.token }),
    });
    this.client = client;
    client.on("state", ({ state }) => {
      if (state === ConnectionState.Failed) this.fail(client.error);
    });
    this.catalogPub = client.publishFrame(namespace, CATALOG_TRACK, {
      capability: BROADCAST_CAPABILITY,
      schemaTag: "catalog+json",
      defaultPriority: PRIORITY.catalog,
    });
    this.catalogPub.on("live", () => this.events.emit("live", undefined));
    if (video !== undefined) this.startVideo(video);
    if (audio !== undefined) this.startAudio(audio);
    try {
      await client.connected(this.abort.signal);
    } catch (e) {
      throw this.failure(client.error ?? e);
    }
  }

  private startVideo(track: MediaStreamTrack): void {
    this.renditions = this.o.renditions.map(
      (r) =>
        new VideoRendition(
          r,
          {
            codec: this.o.videoCodec,
            framerate: this.o.framerate,
            keyframeIntervalMs: this.o.keyframeIntervalMs,
          },
          this.output(r.name, PRIORITY.video),
          (us) => this.clock.mediaUs("video", us),
        ),
    );
    for (const r of this.renditions) this.trackOrder.push(r.rendition.name);
    this.pump<VideoFrame>(track, (frame) => {
      this.clock.observe("video", frame.timestamp);
      try {
        for (const r of this.renditions) r.encode(frame);
      } finally {
        frame.close();
      }
    });
  }

  private startAudio(track: MediaStreamTrack): void {
    const audio = new AudioTrack(
      this.o.audioBitrate,
      this.o.timesliceMs,
      this.output("audio", PRIORITY.audio),
      (us) => this.clock.mediaUs("audio", us),
    );
    this.audio = audio;
    this.trackOrder.push("audio");
    this.pump<AudioData>(track, (data) => {
      this.clock.observe("audio", data.timestamp);
      try {
        audio.encode(data);
      } finally {
        data.close();
      }
    });
  }

  private pump<T extends VideoFrame | AudioData>(track: MediaStreamTrack, f: (x: T) => void): void {
    this.pumps.push(
      pumpFrames<T>(track, f, this.abort.signal).catch((e) =>
        this.fail(
          new BroadcastPublisherError(Code.ENCODER_ERROR, `reading ${track.kind} failed`, {
            cause: e,
          }),
        ),
      ),
    );
  }

  private output(name: string, priority: number): TrackOutput {
    return {
      config: (t) => {
        this.catalogTracks.set(name, t);
        this.ensureTrack(t, priority);
        this.publishCatalog();
      },
      chunk: (c) => this.send(name, c),
      error: (e) =>
        this.fail(
          new BroadcastPublisherError(Code.ENCODER_ERROR, `${name} encoder failed: ${String(e)}`, {
            fatal: true,
            cause: e,
          }),
        ),
    };
  }

  private ensureTrack(t: CatalogTrack, priority: number): void {
    if (this.media.has(t.name) || this.client === undefined) return;
    // One Object per CMAF chunk (one frame); the first chunk of a CMAF fragment opens
    // a Group: a keyframe for video; for audio every `timesliceMs`, so a late joiner's
    // audio starts at most that far back. LOC's frame marking is for video only.
    const pub = this.client.publishVideo(this.namespace, t.name, {
      capability: BROADCAST_CAPABILITY,
      schemaTag: "cmaf",
      codec: t.codec,
      frameMarking: t.kind === "video",
      ...(t.width !== undefined && { width: t.width }),
      ...(t.height !== undefined && { height: t.height }),
      defaultPriority: priority,
    });
    pub.on("keyframeNeeded", () => {
      for (const r of this.renditions) if (r.rendition.name === t.name) r.requestKeyframe();
    });
    this.media.set(t.name, pub);
  }

  private send(name: string, c: CmafChunk): void {
    const pub = this.media.get(name);
    if (pub === undefined || this.state !== "publishing") return;
    try {
      pub.write(CaptureClock.wallUs(c.timestampUs), c.bytes, c.fragmentStart);
    } catch (e) {
      this.events.emit(
        "error",
        new BroadcastPublisherError(Code.CONNECTION_FAILED, `sending ${name} failed`, { cause: e }),
      );
    }
  }

  private publishCatalog(): void {
    const tracks = this.trackOrder.flatMap((n) => this.catalogTracks.get(n) ?? []);
    const catalog: Catalog = { version: 1, live: true, tracks };
    this.catalogPub?.write(Date.now() * 1000, encodeCatalog(catalog));
    this.events.emit("catalog", catalog);
  }

  /** The current catalog (tracks whose encoder produced its configuration). */
  catalog(): Catalog {
    return {
      version: 1,
      live: true,
      tracks: this.trackOrder.flatMap((n) => this.catalogTracks.get(n) ?? []),
    };
  }

  /** Connection state and per-track counters. */
  stats(): BroadcastPublisherStats {
    const tracks = [
      ...this.renditions.map((r) => r.counters),
      ...(this.audio ? [this.audio.counters] : []),
    ];
    return {
      state: this.state === "publishing" ? (this.client?.state ?? "idle") : this.state,
      tracks: tracks.map((c) => c.snapshot()),
    };
  }

  private failure(e: unknown): BroadcastPublisherError {
    if (e instanceof BroadcastPublisherError) return e;
    const code = (e as { code?: string } | undefined)?.code;
    const message = e instanceof Error ? e.message : String(e);
    return code === MoqtClientErrorCode.AUTH_REFUSED
      ? new BroadcastPublisherError(
          Code.AUTH_FAILED,
          `the relay refused the stream key (${message})`,
          { fatal: true, cause: e },
        )
      : new BroadcastPublisherError(Code.CONNECTION_FAILED, message, { fatal: true, cause: e });
  }

  private fail(e: unknown): void {
    if (this.stopping) return;
    const err = this.failure(e);
    this.events.emit("error", err);
    if (err.fatal) void this.stop();
  }

  /**
   * Stops capture reading (the caller's MediaStream tracks stay live), sends the
   * last chunks and ends every track. Safe to call more than once.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.abort.abort();
    await Promise.allSettled(this.pumps);
    await Promise.allSettled([...this.renditions.map((r) => r.close()), this.audio?.close()]);
    this.state = "stopped";
    // An empty catalog tells viewers the broadcast ended.
    this.catalogPub?.write(
      Date.now() * 1000,
      encodeCatalog({ version: 1, live: true, tracks: [] }),
    );
    await this.client?.close();
    this.events.removeAll();
  }
}
