// Text subscriptions: every message exactly once, in order. A subscriber starts
// live; after a reconnect (or the publisher's) it FETCHes what it missed from
// the relay's cache, from just after the last message it delivered; any other
// hole is FETCHed after a short grace; what the cache no longer holds is
// reported as a `gap` and skipped.
import type { SubscribeOk } from "../wire/control/subscribe/subscribe-ok.ts";
import { compareLocations, type Location } from "../wire/fields.ts";
import { invokeCallback } from "./callback.ts";
import type { TrackContext } from "./context.ts";
import type { TextSubscriptionEvents } from "./events.ts";
import { endBefore, endThrough, fetchObjects } from "./fetch-objects.ts";
import { readTimestampUs } from "./loc.ts";
import type { ReceivedObject } from "./received-object.ts";
import type { SessionLink } from "./session-link.ts";
import {
  Subscription,
  type SubscriptionTarget,
  type TrackSubscribeOptions,
} from "./subscription.ts";
import { TextSequencer } from "./text-sequencer.ts";

/** Receives one text message and its timestamp in µs (0 when absent). */
export type TextHandler = (tsUs: number, text: string) => void;

/** How long a hole may wait for late Objects before it is FETCHed. */
export const TEXT_HOLE_GRACE_MS = 50;

const DECODER = new TextDecoder();

function same(a: Location, b: Location): boolean {
  return a.group === b.group && a.object === b.object;
}

/** A text-track subscription (`MoqtClient.subscribeText`). */
export class TextSubscription extends Subscription<TextSubscriptionEvents> {
  private readonly seq: TextSequencer;
  private link: SessionLink | undefined;
  private started = false;
  private filling = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The start of the last hole FETCHed: a hole still starting there is lost. */
  private fetchedFrom: Location | undefined;

  /** @internal Use `MoqtClient.subscribeText`. */
  constructor(
    ctx: TrackContext,
    track: SubscriptionTarget,
    private readonly handler: TextHandler,
    options: TrackSubscribeOptions,
  ) {
    super(ctx, track, options);
    this.seq = new TextSequencer((o) => this.deliver(o));
  }

  protected onSubscribed(link: SessionLink, ok: SubscribeOk): void {
    this.link = link;
    const largest = ok.largestLocation;
    const last = this.seq.lastDelivered;
    const first = !this.started;
    this.started = true;
    if (largest === undefined) {
      this.checkHole();
      return;
    }
    if (first) {
      this.seq.setBaseline(largest); // live: nothing before the subscription
    } else {
      const from =
        last === undefined ? { group: largest.group, object: 0 } : this.seq.successor(last);
      if (compareLocations(largest, from) >= 0) {
        void this.fill(link, from, endThrough(largest));
        return;
      }
    }
    this.checkHole();
  }

  protected onObject(o: ReceivedObject): void {
    this.seq.push(o);
    this.checkHole();
  }

  protected override onClosed(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private deliver(o: ReceivedObject): void {
    if (this.closed) return;
    const tsUs = readTimestampUs(o.extensions) ?? 0;
    const text = DECODER.decode(o.payload);
    invokeCallback(() => this.handler(tsUs, text));
  }

  /** Schedules a FETCH of the current hole, unless one runs or is scheduled. */
  private checkHole(): void {
    if (this.filling || this.timer !== undefined || this.seq.hole() === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.fillHole();
    }, TEXT_HOLE_GRACE_MS);
  }

  private async fillHole(): Promise<void> {
    const hole = this.seq.hole();
    const link = this.link;
    if (hole === undefined || this.closed) return;
    // No session: the next SUBSCRIBE_OK checks again.
    if (link === undefined || link.isClosed || !this.isActive) return;
    const end = endBefore(hole.to);
    if (
      end === undefined ||
      (this.fetchedFrom !== undefined && same(hole.from, this.fetchedFrom))
    ) {
      this.giveUp();
      return;
    }
    await this.fill(link, hole.from, end);
  }

  /** FETCHes `from` up to End Location `end` into the sequencer. */
  private async fill(link: SessionLink, from: Location, end: Location): Promise<void> {
    this.filling = true;
    this.fetchedFrom = from;
    await fetchObjects(link, this.track, { type: "range", from, end }, this.priority, {
      onObject: (o) => this.receive(o),
      onTrackExtensions: (e) => this.learn(e),
    });
    this.filling = false;
    if (this.closed) return;
    const hole = this.seq.hole();
    if (hole !== undefined && same(hole.from, from) && !link.isClosed) this.giveUp();
    this.checkHole();
  }

  /** The relay does not have the hole: report it and go on after it. */
  private giveUp(): void {
    const hole = this.seq.hole();
    if (hole === undefined) return;
    this.fetchedFrom = undefined;
    this.events.emit("gap", hole);
    this.seq.skipHole();
    this.checkHole();
  }
}
