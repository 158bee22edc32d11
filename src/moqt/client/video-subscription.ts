// Video subscriptions: a late subscriber starts at the newest keyframe (a
// Joining FETCH of the current Group, delivered before the live Objects), and
// delivery never hands the decoder a frame whose references it missed: after a
// gap, frames are dropped until the next keyframe.
import type { SubscribeOk } from "../wire/control/subscribe/subscribe-ok.ts";
import { ObjectStatus } from "../wire/data/object-status.ts";
import { compareLocations, type Location } from "../wire/fields.ts";
import { invokeCallback } from "./callback.ts";
import type { TrackContext } from "./context.ts";
import { fetchObjects } from "./fetch-objects.ts";
import { readKeyframe, readTimestampUs } from "./loc.ts";
import { locationOf, type ReceivedObject } from "./received-object.ts";
import type { SessionLink } from "./session-link.ts";
import {
  Subscription,
  type SubscriptionTarget,
  type TrackSubscribeOptions,
} from "./subscription.ts";

/** Receives one video frame: capture time in µs (0 when absent), bytes, and whether it is a keyframe. */
export type VideoHandler = (tsUs: number, bytes: Uint8Array, keyframe: boolean) => void;

/** A video-track subscription (`MoqtClient.subscribeVideo`). */
export class VideoSubscription extends Subscription {
  private last: Location | undefined;
  private needKeyframe = true;
  /** Live Objects held while the Joining FETCH runs. */
  private held: ReceivedObject[] | undefined;
  private skipped = 0;

  /** @internal Use `MoqtClient.subscribeVideo`. */
  constructor(
    ctx: TrackContext,
    track: SubscriptionTarget,
    private readonly handler: VideoHandler,
    options: TrackSubscribeOptions,
  ) {
    super(ctx, track, options);
  }

  /** Frames dropped while waiting for a keyframe, late, or duplicated. */
  get dropped(): number {
    return this.skipped;
  }

  protected onSubscribed(link: SessionLink, ok: SubscribeOk): void {
    if (ok.largestLocation === undefined) return;
    // Live Objects held by an earlier, unfinished join are kept for this one.
    const held: ReceivedObject[] = this.held ?? [];
    this.held = held;
    // The FETCH response comes in Location order (Group Order Ascending, Objects
    // in Object ID order within a Group: draft-14/16 §"Fetch Handling"), so each fetched
    // Object is delivered as it arrives, and the decoder starts before the Group is in.
    void fetchObjects(link, this.track, { type: "join", subscription: ok }, this.priority, {
      onObject: (o) => {
        if (this.held === held) this.receive(o);
      },
      onTrackExtensions: (e) => this.learn(e),
    }).then(() => {
      if (this.held !== held) return;
      this.held = undefined;
      for (const o of held) this.receive(o);
    });
  }

  protected onObject(o: ReceivedObject): void {
    if (this.held !== undefined && o.via !== "fetch") {
      this.held.push(o);
      return;
    }
    if (o.status !== ObjectStatus.NORMAL) return;
    const at = locationOf(o);
    if (this.last !== undefined && compareLocations(at, this.last) <= 0) {
      this.skipped++;
      return;
    }
    const keyframe = readKeyframe(o.extensions, o.objectId);
    const continues =
      this.last !== undefined && at.group === this.last.group && at.object === this.last.object + 1;
    if (!keyframe && (this.needKeyframe || !continues)) {
      this.needKeyframe = true;
      this.skipped++;
      return;
    }
    this.needKeyframe = false;
    this.last = at;
    const tsUs = readTimestampUs(o.extensions) ?? 0;
    invokeCallback(() => this.handler(tsUs, o.payload, keyframe));
  }
}
