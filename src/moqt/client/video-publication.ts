// Video tracks: one Group per keyframe (a GOP) on one stream; each Object carries
// the LOC TIMESTAMP and VIDEO_FRAME_MARKING (keyframe = Independent bit).
import type { TrackContext } from "./context.ts";
import { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";
import type { VideoPublicationEvents } from "./events.ts";
import { frameMarkingPair, LocProperty, timestampPair } from "./loc.ts";
import { type LivePublish, Publication, type TrackPublishOptions } from "./publication.ts";
import { StreamGroupSender } from "./stream-group-sender.ts";
import { MAX_CAPABILITY_BYTES, MAX_LABEL_BYTES, type TrackMetadata } from "./track-metadata.ts";
import type { TrackName } from "./track-name.ts";
import {
  checkLabel,
  checkPayload,
  checkPositiveInteger,
  checkPriority,
  checkTimestampUs,
} from "./validate.ts";

/** Options of `MoqtClient.publishVideo`. */
export interface VideoPublishOptions extends TrackPublishOptions {
  /** WebCodecs codec string, e.g. "avc1.42E01F", "vp8", "av01.0.04M.08". */
  readonly codec: string;
  /** Frame width in pixels. */
  readonly width?: number;
  /** Frame height in pixels. */
  readonly height?: number;
  /** Codec extradata (WebCodecs VideoDecoderConfig.description), sent as LOC VIDEO_CONFIG. */
  readonly description?: Uint8Array;
  /** Publisher Priority of the track: 0 (most urgent)..255; default 128. */
  readonly defaultPriority?: number;
  /**
   * Whether Objects carry the LOC VIDEO_FRAME_MARKING property; default true.
   * False for media that is not video but shares the Group-per-keyframe shape
   * (CMAF audio fragments, each one independent): a subscriber then treats the
   * first Object of each Group as its keyframe.
   */
  readonly frameMarking?: boolean;
}

interface VideoFrame {
  readonly tsUs: number;
  readonly payload: Uint8Array;
  readonly keyframe: boolean;
}

function metadata(o: VideoPublishOptions): TrackMetadata {
  return {
    kind: "video",
    capability: checkLabel(o.capability, "capability", MAX_CAPABILITY_BYTES),
    ...(o.schemaTag !== undefined && {
      schemaTag: checkLabel(o.schemaTag, "schemaTag", MAX_LABEL_BYTES),
    }),
    codec: checkLabel(o.codec, "codec", MAX_LABEL_BYTES),
    ...(o.width !== undefined && { width: checkPositiveInteger(o.width, "width") }),
    ...(o.height !== undefined && { height: checkPositiveInteger(o.height, "height") }),
    ...(o.description !== undefined && {
      config: {
        type: LocProperty.VIDEO_CONFIG,
        value: checkPayload(o.description, 0xffff, "description").slice(),
      },
    }),
  };
}

/** A published video track (`MoqtClient.publishVideo`). */
export class VideoPublication extends Publication<VideoPublicationEvents> {
  /** The GOP written while no session is up (it starts with a keyframe). */
  private pending: VideoFrame[] = [];
  private sender: StreamGroupSender | undefined;
  private groupId = 0;
  private nextObjectId = 0;
  private started = false;
  private sentAny = false;
  private needKeyframe = false;
  private droppedFrames = 0;
  private readonly frameMarking: boolean;

  /** @internal Use `MoqtClient.publishVideo`. */
  constructor(ctx: TrackContext, track: TrackName, o: VideoPublishOptions) {
    super(
      ctx,
      track,
      metadata(o),
      checkPriority(o.defaultPriority ?? 128, "defaultPriority"),
      o.signal,
    );
    this.frameMarking = o.frameMarking ?? true;
  }

  /** Frames dropped while waiting for a keyframe or from a full offline queue. */
  get dropped(): number {
    return this.droppedFrames;
  }

  /**
   * Publishes one encoded frame captured at `tsUs` (µs); a keyframe starts a new
   * Group. The first frame must be a keyframe (KEYFRAME_REQUIRED). After a
   * reconnect, delta frames are dropped until the next keyframe (see the
   * `keyframeNeeded` event). Throws INVALID_ARGUMENT, OBJECT_TOO_LARGE, CLOSED.
   */
  write(tsUs: number, bytes: Uint8Array, keyframe: boolean): void {
    this.assertOpen();
    if (typeof keyframe !== "boolean") {
      throw new MoqtClientError(MoqtClientErrorCode.INVALID_ARGUMENT, "keyframe must be a boolean");
    }
    if (!this.started && !keyframe) {
      throw new MoqtClientError(
        MoqtClientErrorCode.KEYFRAME_REQUIRED,
        "the first frame of a video track must be a keyframe",
      );
    }
    const frame: VideoFrame = {
      tsUs: checkTimestampUs(tsUs),
      payload: checkPayload(bytes, this.ctx.options.maxObjectBytes, "video frame").slice(),
      keyframe,
    };
    this.started = true;
    if (this.sender !== undefined) this.send(this.sender, frame);
    else this.hold(frame);
  }

  protected onLive(live: LivePublish): void {
    this.sender = new StreamGroupSender(live, this.defaultPriority, (g) =>
      this.sendOrder(live, g, this.defaultPriority),
    );
    const gop = this.pending;
    this.pending = [];
    if (gop.length === 0 && this.sentAny) this.requireKeyframe("reconnected");
    for (const f of gop) this.send(this.sender, f);
  }

  protected onDown(): void {
    this.sender = undefined;
  }

  protected async finish(): Promise<void> {
    await this.sender?.endGroup();
  }

  protected discard(): void {
    this.pending = [];
    this.sender = undefined;
  }

  /** Keeps the newest GOP while offline, bounded by `maxQueuedObjects`. */
  private hold(f: VideoFrame): void {
    if (f.keyframe) {
      this.droppedFrames += this.pending.length;
      this.pending = [f];
      this.needKeyframe = false;
      return;
    }
    if (this.pending.length === 0 || this.pending.length >= this.ctx.options.maxQueuedObjects) {
      this.droppedFrames += this.pending.length + 1;
      this.pending = [];
      this.requireKeyframe("offline queue full or no keyframe queued");
      return;
    }
    this.pending.push(f);
  }

  private requireKeyframe(reason: string): void {
    if (this.needKeyframe) return;
    this.needKeyframe = true;
    this.events.emit("keyframeNeeded", { reason });
  }

  private send(sender: StreamGroupSender, f: VideoFrame): void {
    if (f.keyframe) {
      this.needKeyframe = false;
      this.groupId = this.groups.next();
      this.nextObjectId = 0;
    } else if (this.needKeyframe || sender.isBroken || sender.groupId !== this.groupId) {
      // A delta frame is useless without its Group's earlier frames.
      this.droppedFrames++;
      this.requireKeyframe("stream restarted");
      return;
    }
    const objectId = this.nextObjectId++;
    const own = this.frameMarking
      ? [timestampPair(f.tsUs), frameMarkingPair(f.keyframe)]
      : [timestampPair(f.tsUs)];
    void sender.write(
      this.groupId,
      objectId,
      f.payload,
      objectId === 0 ? this.withTrackProperties(own) : own.sort((a, b) => a.type - b.type),
    );
    this.sentAny = true;
  }
}
