// Frame subscriptions: every frame is delivered as it arrives (higher-priority
// frames may overtake lower ones; that is the point of per-frame priority).
// A late subscriber first gets the newest frame from the relay's cache.
import type { SubscribeOk } from "../wire/control/subscribe/subscribe-ok.ts";
import { ObjectStatus } from "../wire/data/object-status.ts";
import { invokeCallback } from "./callback.ts";
import type { TrackContext } from "./context.ts";
import { fetchObjects } from "./fetch-objects.ts";
import { readTimestampUs } from "./loc.ts";
import type { ReceivedObject } from "./received-object.ts";
import { RecentSet } from "./recent-set.ts";
import type { SessionLink } from "./session-link.ts";
import { Subscription, type TrackSubscribeOptions } from "./subscription.ts";
import type { TrackName } from "./track-name.ts";

/**
 * Receives one frame: capture time in µs (0 when the publisher sent none), its
 * Publisher Priority (0 most urgent..255), and the bytes (owned by the callee).
 */
export type FrameHandler = (tsUs: number, priority: number, data: Uint8Array) => void;

/** Options of `MoqtClient.subscribeFrame`. */
export interface FrameSubscribeOptions extends TrackSubscribeOptions {
  /** Start with the newest frame the relay holds (a Joining FETCH); default true. */
  readonly latest?: boolean;
}

/** Frames remembered to drop duplicates (after a reconnect, or FETCH overlapping live). */
const DEDUP_WINDOW = 4096;

/** A frame-track subscription (`MoqtClient.subscribeFrame`). */
export class FrameSubscription extends Subscription {
  private readonly seen = new RecentSet(DEDUP_WINDOW);
  private readonly latest: boolean;

  /** @internal Use `MoqtClient.subscribeFrame`. */
  constructor(
    ctx: TrackContext,
    track: TrackName,
    private readonly handler: FrameHandler,
    options: FrameSubscribeOptions,
  ) {
    super(ctx, track, options);
    this.latest = options.latest ?? true;
  }

  protected onSubscribed(link: SessionLink, ok: SubscribeOk): void {
    if (!this.latest || ok.largestLocation === undefined) return;
    void fetchObjects(link, this.track, { type: "join", subscription: ok }, this.priority, {
      onObject: (o) => this.receive(o),
      onTrackExtensions: (e) => this.learn(e),
    });
  }

  protected onObject(o: ReceivedObject): void {
    if (o.status !== ObjectStatus.NORMAL) return;
    if (!this.seen.add(`${o.groupId}:${o.objectId}`)) return;
    const tsUs = readTimestampUs(o.extensions) ?? 0;
    invokeCallback(() => this.handler(tsUs, o.priority, o.payload));
  }
}
