// Audio tracks: one Group per ~second of frames on one stream, codec metadata
// as track properties, the capture time as the LOC TIMESTAMP of each Object.

import { BoundedQueue } from "./bounded-queue.ts";
import type { TrackContext } from "./context.ts";
import { LocProperty, timestampPair } from "./loc.ts";
import { type LivePublish, Publication, type TrackPublishOptions } from "./publication.ts";
import { StreamGroupSender } from "./stream-group-sender.ts";
import { MAX_CAPABILITY_BYTES, MAX_LABEL_BYTES, type TrackMetadata } from "./track-metadata.ts";
import type { TrackName } from "./track-name.ts";
import {
  checkLabel,
  checkPayload,
  checkPositive,
  checkPositiveInteger,
  checkPriority,
  checkTimestampUs,
} from "./validate.ts";

/** Options of `MoqtClient.publishAudio`. */
export interface AudioPublishOptions extends TrackPublishOptions {
  /** WebCodecs codec string: "opus", "ulaw", "alaw", "pcm-s16", ... */
  readonly codec: string;
  /** Samples per second, e.g. 48000. */
  readonly sampleRate: number;
  /** Channel count, e.g. 1 (mono). */
  readonly channels: number;
  /** Duration of one written frame in milliseconds, e.g. 20. */
  readonly frameMs: number;
  /** Codec extradata (WebCodecs AudioDecoderConfig.description), sent as LOC AUDIO_CONFIG. */
  readonly description?: Uint8Array;
  /** Publisher Priority of the track: 0 (most urgent)..255; default 64. */
  readonly defaultPriority?: number;
}

interface AudioFrame {
  readonly tsUs: number;
  readonly payload: Uint8Array;
}

/** Frames per Group: about one second. */
export function audioFramesPerGroup(frameMs: number): number {
  return Math.max(1, Math.round(1000 / frameMs));
}

function metadata(o: AudioPublishOptions): TrackMetadata {
  return {
    kind: "audio",
    capability: checkLabel(o.capability, "capability", MAX_CAPABILITY_BYTES),
    ...(o.schemaTag !== undefined && {
      schemaTag: checkLabel(o.schemaTag, "schemaTag", MAX_LABEL_BYTES),
    }),
    codec: checkLabel(o.codec, "codec", MAX_LABEL_BYTES),
    sampleRate: checkPositiveInteger(o.sampleRate, "sampleRate"),
    channels: checkPositiveInteger(o.channels, "channels"),
    frameDurationUs: Math.round(checkPositive(o.frameMs, "frameMs") * 1000),
    ...(o.description !== undefined && {
      config: {
        type: LocProperty.AUDIO_CONFIG,
        value: checkPayload(o.description, 0xffff, "description").slice(),
      },
    }),
  };
}

/** A published audio track (`MoqtClient.publishAudio`). */
export class AudioPublication extends Publication {
  /** Frames per Group. */
  readonly framesPerGroup: number;
  private readonly pending: BoundedQueue<AudioFrame>;
  private sender: StreamGroupSender | undefined;
  private groupId = 0;
  private nextObjectId = 0;

  /** @internal Use `MoqtClient.publishAudio`. */
  constructor(ctx: TrackContext, track: TrackName, o: AudioPublishOptions) {
    super(
      ctx,
      track,
      metadata(o),
      checkPriority(o.defaultPriority ?? 64, "defaultPriority"),
      o.signal,
    );
    this.framesPerGroup = audioFramesPerGroup(o.frameMs);
    this.pending = new BoundedQueue(ctx.options.maxQueuedObjects);
  }

  /** Frames dropped from the offline queue. */
  get dropped(): number {
    return this.pending.dropped;
  }

  /**
   * Publishes one encoded frame captured at `tsUs` (µs); the bytes are copied.
   * Throws INVALID_ARGUMENT, OBJECT_TOO_LARGE, or CLOSED after `close()`.
   */
  write(tsUs: number, bytes: Uint8Array): void {
    this.assertOpen();
    const frame: AudioFrame = {
      tsUs: checkTimestampUs(tsUs),
      payload: checkPayload(bytes, this.ctx.options.maxObjectBytes, "audio frame").slice(),
    };
    if (this.sender !== undefined) this.send(this.sender, frame);
    else this.pending.push(frame);
  }

  protected onLive(live: LivePublish): void {
    // A new session always starts a new Group: the old stream died with the old session.
    this.nextObjectId = this.framesPerGroup;
    this.sender = new StreamGroupSender(live, this.defaultPriority, (g) =>
      this.sendOrder(live, g, this.defaultPriority),
    );
    for (const f of this.pending.drain()) this.send(this.sender, f);
  }

  protected onDown(): void {
    this.sender = undefined;
  }

  protected async finish(): Promise<void> {
    await this.sender?.endGroup();
  }

  protected discard(): void {
    this.pending.clear();
    this.sender = undefined;
  }

  private send(sender: StreamGroupSender, f: AudioFrame): void {
    if (this.nextObjectId >= this.framesPerGroup || sender.isBroken) {
      this.groupId = this.groups.next();
      this.nextObjectId = 0;
    }
    const objectId = this.nextObjectId++;
    const ts = [timestampPair(f.tsUs)];
    void sender.write(
      this.groupId,
      objectId,
      f.payload,
      objectId === 0 ? this.withTrackProperties(ts) : ts,
    );
    if (this.nextObjectId >= this.framesPerGroup) void sender.endGroup();
  }
}
