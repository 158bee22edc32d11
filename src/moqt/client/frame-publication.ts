// Frame tracks: opaque objects with a per-frame Publisher Priority. Each frame
// is its own Group (one Object, on its own stream or datagram), so a standard
// relay schedules every frame by its own priority, drops stale frames whole,
// and a late subscriber starts at the newest frame (README "Wire mapping").
import { ObjectStatus } from "../wire/data/object-status.ts";
import { SubgroupIdMode } from "../wire/data/stream-header.ts";
import { BoundedQueue } from "./bounded-queue.ts";
import type { TrackContext } from "./context.ts";
import { timestampPair } from "./loc.ts";
import { OutgoingSubgroup } from "./outgoing-subgroup.ts";
import { type LivePublish, Publication, type TrackPublishOptions } from "./publication.ts";
import { MAX_CAPABILITY_BYTES, MAX_LABEL_BYTES } from "./track-metadata.ts";
import type { TrackName } from "./track-name.ts";
import { checkLabel, checkPayload, checkPriority, checkTimestampUs } from "./validate.ts";

/** Options of `MoqtClient.publishFrame`. */
export interface FramePublishOptions extends TrackPublishOptions {
  /** Priority of frames written without one: 0 (most urgent)..255; default 128. */
  readonly defaultPriority?: number;
  /** Send frames as datagrams (unreliable, unordered, lowest latency); default false. */
  readonly datagram?: boolean;
}

interface Frame {
  readonly tsUs: number;
  readonly payload: Uint8Array;
  readonly priority: number;
}

/** A published frame track (`MoqtClient.publishFrame`). */
export class FramePublication extends Publication {
  /** Whether frames go on the datagram lane. */
  readonly datagram: boolean;
  private readonly pending: BoundedQueue<Frame>;
  private readonly inFlight = new Set<Promise<void>>();
  private droppedFrames = 0;

  /** @internal Use `MoqtClient.publishFrame`. */
  constructor(ctx: TrackContext, track: TrackName, o: FramePublishOptions) {
    const meta = {
      kind: "frame" as const,
      capability: checkLabel(o.capability, "capability", MAX_CAPABILITY_BYTES),
      ...(o.schemaTag !== undefined && {
        schemaTag: checkLabel(o.schemaTag, "schemaTag", MAX_LABEL_BYTES),
      }),
    };
    super(ctx, track, meta, checkPriority(o.defaultPriority ?? 128, "defaultPriority"), o.signal);
    this.datagram = o.datagram ?? false;
    this.pending = new BoundedQueue(ctx.options.maxQueuedObjects);
  }

  /**
   * Frames not sent: dropped from the offline queue, too large for a datagram at
   * send time, or whose stream could not be opened or finished (a lost session,
   * the transport out of streams, a relay's STOP_SENDING).
   */
  get dropped(): number {
    return this.pending.dropped + this.droppedFrames;
  }

  /**
   * Publishes one frame captured at `tsUs` (µs) with Publisher Priority
   * `priority` (0 most urgent..255; default `defaultPriority`). The bytes are
   * copied. While no session is up the newest frames are kept (`maxQueuedObjects`).
   * Throws INVALID_ARGUMENT, OBJECT_TOO_LARGE, or CLOSED after `close()`.
   */
  write(tsUs: number, bytes: Uint8Array, priority: number = this.defaultPriority): void {
    this.assertOpen();
    const limit = this.datagram
      ? this.ctx.options.maxDatagramPayloadBytes
      : this.ctx.options.maxObjectBytes;
    const frame: Frame = {
      tsUs: checkTimestampUs(tsUs),
      payload: checkPayload(bytes, limit, "frame"),
      priority: checkPriority(priority),
    };
    // Sent at once, the bytes are copied into the encoded stream or datagram before
    // `send` returns; a queued frame keeps a copy of its own.
    if (this.live !== undefined) this.send(this.live, frame);
    else this.pending.push({ ...frame, payload: frame.payload.slice() });
  }

  protected onLive(live: LivePublish): void {
    for (const f of this.pending.drain()) this.send(live, f);
  }

  protected onDown(): void {
    // Streams in flight fail on their own; new frames wait in the queue.
  }

  protected async finish(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  protected discard(): void {
    this.pending.clear();
  }

  private send(live: LivePublish, f: Frame): void {
    const groupId = this.groups.next();
    const extensions = this.withTrackProperties([timestampPair(f.tsUs)]);
    if (this.datagram) {
      const sent = live.link.session.sendDatagram({
        trackAlias: live.trackAlias,
        groupId,
        objectId: 0,
        publisherPriority: f.priority,
        endOfGroup: true,
        extensions,
        status: ObjectStatus.NORMAL,
        payload: f.payload,
      });
      if (!sent) this.droppedFrames++;
      return;
    }
    const stream = new OutgoingSubgroup(
      live.link.session,
      {
        kind: "subgroup",
        trackAlias: live.trackAlias,
        groupId,
        subgroupIdMode: SubgroupIdMode.ZERO,
        publisherPriority: f.priority,
        hasExtensions: true,
        endOfGroup: true,
      },
      this.sendOrder(live, groupId, f.priority),
      (code) => live.stopped(groupId, code),
      { objectId: 0, extensions, status: ObjectStatus.NORMAL, payload: f.payload },
    );
    const done = stream.end().then(() => {
      if (stream.isBroken) this.droppedFrames++;
    });
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }
}
