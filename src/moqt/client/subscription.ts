// What every subscription does: SUBSCRIBE on each session (held by the relay
// until a publisher exists), SUBSCRIBE again when the publisher goes away and
// comes back, read the streams and datagrams, learn the track metadata, and
// UNSUBSCRIBE on close. Subclasses decide how Objects are delivered.
import { type Listener, TypedEmitter } from "../session/emitter.ts";
import type { IncomingSubgroupStream } from "../session/incoming-streams.ts";
import { PublishDoneCode16 } from "../wire/control/subscribe/codes.ts";
import type { SubscribeOk } from "../wire/control/subscribe/subscribe-ok.ts";
import type { ObjectDatagram } from "../wire/data/datagram.ts";
import { GroupOrder } from "../wire/fields.ts";
import type { KeyValuePair } from "../wire/key-value.ts";
import { CapabilityPick } from "./capability-pick.ts";
import type { TrackContext } from "./context.ts";
import { asyncDispose } from "./dispose.ts";
import { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";
import type { SubscriptionEvents } from "./events.ts";
import type { ReceivedObject } from "./received-object.ts";
import { rendezvousTimeoutFor, resubscribeDelayMs } from "./rendezvous.ts";
import { refusal } from "./request-errors.ts";
import type { Attachable } from "./request-queue.ts";
import type { SessionLink } from "./session-link.ts";
import { sleep } from "./sleep.ts";
import { mergeTrackInfo, type TrackInfo } from "./track-metadata.ts";
import type { TrackName } from "./track-name.ts";
import { checkNonNegative, checkPriority } from "./validate.ts";

/** PUBLISH_DONE statuses that are no error (draft-14/16 §"PUBLISH_DONE", same codes). */
const ENDED_NORMALLY: ReadonlySet<number> = new Set([
  PublishDoneCode16.TRACK_ENDED,
  PublishDoneCode16.SUBSCRIPTION_ENDED,
  PublishDoneCode16.GOING_AWAY,
  PublishDoneCode16.EXPIRED,
]);

/** Options of every `subscribe*` call. */
export interface TrackSubscribeOptions {
  /** Subscriber Priority of this subscription: 0 (most urgent)..255; default 128. */
  readonly priority?: number;
  /**
   * How long each SUBSCRIBE asks the relay to wait for a publisher of a track that
   * does not exist yet (RENDEZVOUS_TIMEOUT, sent where the relay speaks it), in ms;
   * default 30 000, 0 to not ask. Without a wait the relay answers DOES_NOT_EXIST and
   * the subscription asks again with backoff, so it still starts once the track appears.
   */
  readonly rendezvousTimeoutMs?: number;
  /** Aborting it closes the subscription. */
  readonly signal?: AbortSignal;
}

/** A SUBSCRIBE accepted on one session. */
interface Current {
  readonly link: SessionLink;
  readonly requestId: number;
  readonly end: () => void;
}

/** The track of a subscription: named, or picked by capability. */
export type SubscriptionTarget = TrackName | CapabilityPick;

/** Base of the subscription handles. */
export abstract class Subscription<E extends SubscriptionEvents = SubscriptionEvents>
  implements Attachable, AsyncDisposable
{
  /** Subscriber Priority (0 most urgent..255). */
  readonly priority: number;
  private readonly rendezvousTimeoutMs: number;
  /** @internal */
  readonly queueKey: string;
  protected readonly events = new TypedEmitter<E>();
  private info: TrackInfo = {};
  private current: Current | undefined;
  private attempt: AbortController | undefined;
  private isClosed = false;
  /** The track (for a pick by capability: the prefix and no name until it is picked). */
  protected track: TrackName;
  /** Set until the track is picked by capability. */
  private pick: CapabilityPick | undefined;

  protected constructor(
    protected readonly ctx: TrackContext,
    target: SubscriptionTarget,
    options: TrackSubscribeOptions,
  ) {
    if (target instanceof CapabilityPick) {
      this.pick = target;
      this.track = { ...target.scope, name: "", trackName: new Uint8Array(0) };
      this.queueKey = target.queueKey;
      target.onError = (e) => this.emit("error", e);
    } else {
      this.track = target;
      this.queueKey = `sub:${target.key}`;
    }
    this.priority = checkPriority(options.priority ?? 128, "priority");
    this.rendezvousTimeoutMs = checkNonNegative(
      options.rendezvousTimeoutMs ?? 30_000,
      "rendezvousTimeoutMs",
    );
    const signal = options.signal;
    if (signal?.aborted) this.isClosed = true;
    else signal?.addEventListener("abort", () => void this.close(), { once: true });
  }

  /** The namespace as a "/"-separated path (for a pick by capability: the picked track's). */
  get namespace(): string {
    return this.track.namespace;
  }

  /** The track name ("" until a track is picked by capability). */
  get name(): string {
    return this.track.name;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Whether the relay currently serves this subscription. */
  get isActive(): boolean {
    return this.current !== undefined;
  }

  /** @internal The Full Track Name. */
  get fullTrackName(): TrackName {
    return this.track;
  }

  /** What is known about the track (capability, schema tag, codec); grows as it is learned. */
  get trackInfo(): TrackInfo {
    return this.info;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(type: K, listener: Listener<E[K]>): () => void {
    return this.events.on(type, listener);
  }

  /** Removes a listener. */
  off<K extends keyof E>(type: K, listener: Listener<E[K]>): void {
    this.events.off(type, listener);
  }

  /** Stops the subscription (UNSUBSCRIBE); no callback runs after this. Never rejects. */
  close(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    this.isClosed = true;
    this.ctx.queue.remove(this);
    this.attempt?.abort();
    if (this.pick !== undefined) this.pick.close();
    else this.ctx.presence.unclaim(this.track.key);
    const c = this.current;
    this.current = undefined;
    if (c !== undefined && !c.link.isClosed) {
      c.link.router.removeSubscription(c.requestId);
      c.link.session.unsubscribe(c.requestId);
    }
    this.onClosed();
    return Promise.resolve();
  }

  /** `close()` for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @internal */
  attach(link: SessionLink): void {
    if (this.isClosed) return;
    this.attempt?.abort();
    const attempt = new AbortController();
    this.attempt = attempt;
    void this.run(link, attempt.signal);
  }

  /** @internal */
  detach(link: SessionLink): void {
    if (this.current?.link !== link) return;
    this.current.end();
    this.current = undefined;
  }

  /** Emits one of the events every subscription has. */
  protected emit<K extends keyof SubscriptionEvents>(type: K, event: SubscriptionEvents[K]): void {
    (this.events as unknown as TypedEmitter<SubscriptionEvents>).emit(type, event);
  }

  /** Learns track properties from Track Extensions or a first Object's extensions. */
  protected learn(pairs: readonly KeyValuePair[] | undefined): void {
    const next = mergeTrackInfo(this.info, pairs);
    if (next === this.info) return;
    this.info = next;
    this.emit("track", next);
    if (this.current !== undefined) this.ctx.presence.present(this.track, next);
  }

  /** The relay accepted a SUBSCRIBE on `link` (the first, or again after a loss). */
  protected abstract onSubscribed(link: SessionLink, ok: SubscribeOk): void;
  /** One Object arrived (stream, datagram or FETCH), in arrival order. */
  protected abstract onObject(o: ReceivedObject): void;
  /** The handle closed. */
  protected onClosed(): void {}

  private async run(link: SessionLink, signal: AbortSignal): Promise<void> {
    const stop = () => this.isClosed || link.isClosed || signal.aborted;
    if (this.pick !== undefined && !(await this.picked(this.pick, link, signal))) return;
    const what = `SUBSCRIBE ${this.namespace}/${this.name}`;
    const rendezvousTimeoutMs = rendezvousTimeoutFor(link, this.rendezvousTimeoutMs);
    let refused = 0;
    while (!stop()) {
      let ok: SubscribeOk;
      this.ctx.presence.release(this.track, link);
      try {
        ok = await link.session.subscribe(
          {
            trackNamespace: this.track.trackNamespace,
            trackName: this.track.trackName,
            filter: { type: "largestObject" },
            forward: true,
            subscriberPriority: this.priority,
            groupOrder: GroupOrder.ASCENDING,
            ...(rendezvousTimeoutMs !== undefined && { parameters: { rendezvousTimeoutMs } }),
          },
          { signal },
        );
      } catch (e) {
        if (stop()) return;
        const r = refusal(e, what, link.draft);
        if (!r.retry) {
          if (r.error !== undefined) this.emit("error", r.error);
          return;
        }
        refused++;
        const delayMs = resubscribeDelayMs(
          refused,
          this.ctx.options.resubscribeDelayMs,
          r.retryAfterMs,
        );
        await sleep(delayMs, signal);
        continue;
      }
      refused = 0;
      if (stop()) {
        if (!link.isClosed) link.session.unsubscribe(ok.requestId);
        return;
      }
      const startedAt = Date.now();
      await this.serve(link, ok, signal);
      // A relay that ends subscriptions at once must not make this spin.
      const pauseMs = this.ctx.options.resubscribeDelayMs - (Date.now() - startedAt);
      if (pauseMs > 0 && !stop()) await sleep(pauseMs, signal);
    }
  }

  /**
   * Waits on `link` for the one track of the pick's capability and makes it this
   * subscription's track for good; false when stopped first or refused.
   */
  private async picked(
    pick: CapabilityPick,
    link: SessionLink,
    signal: AbortSignal,
  ): Promise<boolean> {
    const report = (e: MoqtClientError) => this.emit("error", e);
    const found = await pick.pick(link, this.rendezvousTimeoutMs, signal, report);
    if (found === undefined || this.isClosed || signal.aborted) return false;
    const track = found.track;
    pick.close();
    this.pick = undefined;
    if (this.ctx.presence.claimed(track.key)) {
      const message = `${track.namespace}/${track.name} (capability "${pick.capability}") is already subscribed by this client`;
      this.emit(
        "error",
        new MoqtClientError(MoqtClientErrorCode.DUPLICATE_TRACK, message, { fatal: true }),
      );
      void this.close();
      return false;
    }
    this.track = track;
    this.info = found.info;
    this.ctx.presence.claim(track.key);
    return true;
  }

  /** Receives subscription `ok` until the relay ends it, the session ends, or the handle closes. */
  private async serve(link: SessionLink, ok: SubscribeOk, signal: AbortSignal): Promise<void> {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    const current: Current = { link, requestId: ok.requestId, end };
    this.current = current;
    signal.addEventListener("abort", end, { once: true });
    link.router.addSubscription(ok.requestId, {
      onStream: (s) => void this.read(s),
      onDatagram: (d) => this.onDatagram(d),
      onPublishDone: (done) => {
        if (!ENDED_NORMALLY.has(done.statusCode)) {
          const why = done.reason === "" ? `status ${done.statusCode}` : done.reason;
          const message = `relay ended ${this.namespace}/${this.name}: ${why}`;
          this.emit(
            "error",
            new MoqtClientError(MoqtClientErrorCode.SUBSCRIPTION_INTERRUPTED, message),
          );
        }
        this.ctx.presence.gone(this.track);
        end();
      },
    });
    this.learn(ok.trackExtensions);
    this.ctx.presence.present(this.track, this.info);
    this.emit("subscribed", { draft: link.draft });
    this.onSubscribed(link, ok);
    await Promise.race([ended, link.closed]);
    signal.removeEventListener("abort", end);
    if (this.current === current) this.current = undefined;
    // Streams of the ended subscription may still be in flight: keep routing them a while.
    link.router.removeSubscriptionLater(ok.requestId);
  }

  private async read(s: IncomingSubgroupStream): Promise<void> {
    const h = s.header;
    const priority = h.publisherPriority ?? this.info.defaultPriority ?? 128;
    try {
      for await (const o of s) {
        if (this.isClosed) return;
        this.current?.link.router.touch();
        this.receive({
          groupId: h.groupId,
          objectId: o.objectId,
          priority,
          extensions: o.extensions,
          status: o.status,
          payload: o.payload.slice(),
          via: "stream",
        });
      }
    } catch {
      // Reset (or the session ended): what arrived was delivered.
    }
  }

  private onDatagram(d: ObjectDatagram): void {
    if (this.isClosed) return;
    this.receive({
      groupId: d.groupId,
      objectId: d.objectId,
      priority: d.publisherPriority ?? this.info.defaultPriority ?? 128,
      extensions: d.extensions,
      status: d.status,
      payload: d.payload.slice(),
      via: "datagram",
    });
  }

  /** Feeds an Object of any origin (FETCH included) to the subclass. */
  protected receive(o: ReceivedObject): void {
    if (this.isClosed) return;
    if (o.extensions !== undefined) this.learn(o.extensions);
    this.onObject(o);
  }
}
