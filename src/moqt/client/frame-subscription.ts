// Frame subscriptions: frames are delivered in the order written; only a more
// urgent priority overtakes (that is the point of per-frame priority). A late
// subscriber first gets the newest frame from the relay's cache.
import type { SubscribeOk } from "../wire/control/subscribe/subscribe-ok.ts";
import { ObjectStatus } from "../wire/data/object-status.ts";
import { invokeCallback } from "./callback.ts";
import type { TrackContext } from "./context.ts";
import { fetchObjects } from "./fetch-objects.ts";
import { FrameOrder } from "./frame-order.ts";
import { readTimestampUs } from "./loc.ts";
import type { ReceivedObject } from "./received-object.ts";
import { RecentSet } from "./recent-set.ts";
import type { SessionLink } from "./session-link.ts";
import {
  Subscription,
  type SubscriptionTarget,
  type TrackSubscribeOptions,
} from "./subscription.ts";
import { checkNonNegative } from "./validate.ts";

/**
 * Receives one frame: capture time in µs (0 when the publisher sent none), its
 * Publisher Priority (0 most urgent..255), and the bytes (owned by the callee).
 */
export type FrameHandler = (tsUs: number, priority: number, data: Uint8Array) => void;

/** Options of `MoqtClient.subscribeFrame`. */
export interface FrameSubscribeOptions extends TrackSubscribeOptions {
  /** Start with the newest frame the relay holds (a Joining FETCH); default true. */
  readonly latest?: boolean;
  /**
   * How long a frame waits for a missing earlier frame before it is delivered
   * anyway, in ms; default 50. Frames of equal or lower urgency are delivered in
   * the order written; 0 delivers every frame as it arrives.
   */
  readonly reorderWindowMs?: number;
}

/** Frames remembered to drop duplicates (after a reconnect, or FETCH overlapping live). */
const DEDUP_WINDOW = 4096;

/** A frame-track subscription (`MoqtClient.subscribeFrame`). */
export class FrameSubscription extends Subscription {
  private readonly seen = new RecentSet(DEDUP_WINDOW);
  private readonly latest: boolean;
  private readonly order: FrameOrder<ReceivedObject>;

  /** @internal Use `MoqtClient.subscribeFrame`. */
  constructor(
    ctx: TrackContext,
    track: SubscriptionTarget,
    private readonly handler: FrameHandler,
    options: FrameSubscribeOptions,
  ) {
    super(ctx, track, options);
    this.latest = options.latest ?? true;
    const windowMs = checkNonNegative(options.reorderWindowMs ?? 50, "reorderWindowMs");
    this.order = new FrameOrder(windowMs, (o) => this.deliver(o));
  }

  protected onSubscribed(link: SessionLink, ok: SubscribeOk): void {
    const largest = ok.largestLocation;
    if (largest === undefined) return;
    // Live Objects start after Largest; the Joining FETCH brings Largest's Group first.
    this.order.expect(this.latest ? largest.group : largest.group + 1);
    if (!this.latest) return;
    void fetchObjects(link, this.track, { type: "join", subscription: ok }, this.priority, {
      onObject: (o) => this.receive(o),
      onTrackExtensions: (e) => this.learn(e),
    });
  }

  protected onObject(o: ReceivedObject): void {
    if (o.status !== ObjectStatus.NORMAL) return;
    if (!this.seen.add(`${o.groupId}:${o.objectId}`)) return;
    this.order.push(o);
  }

  protected override onClosed(): void {
    this.order.clear();
  }

  private deliver(o: ReceivedObject): void {
    const tsUs = readTimestampUs(o.extensions) ?? 0;
    invokeCallback(() => this.handler(tsUs, o.priority, o.payload));
  }
}
