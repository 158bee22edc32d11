// Audio subscriptions: live from the moment of subscribing. Frames are delivered
// as they arrive (in order within a Group, the Group's stream being ordered);
// duplicates are dropped, and so are frames of a Group older than the one
// before the newest (over a second late: useless to a jitter buffer).
import { ObjectStatus } from "../wire/data/object-status.ts";
import { invokeCallback } from "./callback.ts";
import type { TrackContext } from "./context.ts";
import { readTimestampUs } from "./loc.ts";
import type { ReceivedObject } from "./received-object.ts";
import { RecentSet } from "./recent-set.ts";
import {
  Subscription,
  type SubscriptionTarget,
  type TrackSubscribeOptions,
} from "./subscription.ts";

/** Receives one audio frame: capture time in µs (0 when absent) and the encoded bytes. */
export type AudioHandler = (tsUs: number, bytes: Uint8Array) => void;

/** Frames remembered to drop duplicates. */
const DEDUP_WINDOW = 1024;

/** An audio-track subscription (`MoqtClient.subscribeAudio`). */
export class AudioSubscription extends Subscription {
  private readonly seen = new RecentSet(DEDUP_WINDOW);
  private newestGroup = -1;
  private late = 0;

  /** @internal Use `MoqtClient.subscribeAudio`. */
  constructor(
    ctx: TrackContext,
    track: SubscriptionTarget,
    private readonly handler: AudioHandler,
    options: TrackSubscribeOptions,
  ) {
    super(ctx, track, options);
  }

  /** Frames dropped as more than a Group late. */
  get dropped(): number {
    return this.late;
  }

  protected onSubscribed(): void {
    // Live audio: nothing to fetch.
  }

  protected onObject(o: ReceivedObject): void {
    if (o.status !== ObjectStatus.NORMAL) return;
    if (o.groupId < this.newestGroup - 1) {
      this.late++;
      return;
    }
    if (!this.seen.add(`${o.groupId}:${o.objectId}`)) return;
    if (o.groupId > this.newestGroup) this.newestGroup = o.groupId;
    const tsUs = readTimestampUs(o.extensions) ?? 0;
    invokeCallback(() => this.handler(tsUs, o.payload));
  }
}
