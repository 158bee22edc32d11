// What every publication does: PUBLISH its track on each session (with its
// metadata as Track Extensions in draft-16), report refusals, and end with
// PUBLISH_DONE. Subclasses decide how objects map to groups and streams.
import { type Listener, TypedEmitter } from "../session/emitter.ts";
import { sendOrderFor } from "../session/priority.ts";
import { PublishDoneCode16 } from "../wire/control/subscribe/codes.ts";
import { GroupOrder } from "../wire/fields.ts";
import type { KeyValuePair } from "../wire/key-value.ts";
import type { TrackContext } from "./context.ts";
import { asyncDispose } from "./dispose.ts";
import { closedError, MoqtClientError, MoqtClientErrorCode } from "./errors.ts";
import type { PublicationEvents } from "./events.ts";
import { GroupCounter } from "./group-counter.ts";
import { resubscribeDelayMs } from "./rendezvous.ts";
import { refusal } from "./request-errors.ts";
import type { Attachable } from "./request-queue.ts";
import type { SessionLink } from "./session-link.ts";
import { sleep } from "./sleep.ts";
import { type TrackMetadata, trackExtensions, trackProperties } from "./track-metadata.ts";
import type { TrackName } from "./track-name.ts";

/** A PUBLISH accepted on one session. */
export interface LivePublish {
  /** The session it lives on. */
  readonly link: SessionLink;
  /** The Track Alias its Objects carry. */
  readonly trackAlias: number;
  /** The PUBLISH Request ID (PUBLISH_DONE names it). */
  readonly requestId: number;
  /** The relay's Subscriber Priority (PUBLISH_OK), for stream send order. */
  readonly subscriberPriority: number;
  /** The relay stopped the stream of `groupId` with `code`: report it on the handle. */
  readonly stopped: (groupId: number, code: number) => void;
}

/** Common options of every `publish*` call. */
export interface TrackPublishOptions {
  /** Routing intent the relay selects tracks by ("asr", "ros.telemetry"); 1..256 bytes of UTF-8. */
  readonly capability: string;
  /** Payload schema ("ros2/cdr", "json"); optional. */
  readonly schemaTag?: string;
  /** Aborting it closes the publication. */
  readonly signal?: AbortSignal;
}

/** Base of the publication handles. */
export abstract class Publication<E extends PublicationEvents = PublicationEvents>
  implements Attachable, AsyncDisposable
{
  /** The namespace as a "/"-separated path. */
  readonly namespace: string;
  /** The track name. */
  readonly name: string;
  /** @internal */
  readonly queueKey: string;
  protected readonly events = new TypedEmitter<E>();
  protected readonly groups: GroupCounter;
  protected live: LivePublish | undefined;
  private closing: Promise<void> | undefined;
  private attempt: AbortController | undefined;
  /** `trackProperties(meta)`, computed once: they go on every Group's first Object. */
  private readonly properties: readonly KeyValuePair[];

  protected constructor(
    protected readonly ctx: TrackContext,
    protected readonly track: TrackName,
    protected readonly meta: TrackMetadata,
    /** The Publisher Priority used when a write gives none (0 most urgent..255). */
    readonly defaultPriority: number,
    signal: AbortSignal | undefined,
  ) {
    this.namespace = track.namespace;
    this.name = track.name;
    this.queueKey = `pub:${track.key}`;
    this.groups = new GroupCounter(ctx.options.clock);
    this.properties = trackProperties(meta);
    if (signal?.aborted) this.closing = Promise.resolve();
    else signal?.addEventListener("abort", () => void this.close(), { once: true });
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** @internal The Full Track Name. */
  get fullTrackName(): TrackName {
    return this.track;
  }

  /** Whether the track is currently published on a session. */
  get isLive(): boolean {
    return this.live !== undefined;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(type: K, listener: Listener<E[K]>): () => void {
    return this.events.on(type, listener);
  }

  /** Removes a listener. */
  off<K extends keyof E>(type: K, listener: Listener<E[K]>): void {
    this.events.off(type, listener);
  }

  /**
   * Stops publishing: what was written is flushed, open streams are finished
   * and the relay gets PUBLISH_DONE. Resolves when done; never rejects.
   */
  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.ctx.queue.remove(this);
    this.attempt?.abort();
    const live = this.live;
    this.closing = (async () => {
      if (live === undefined || live.link.isClosed) return;
      await this.finish(live);
      live.link.router.removePublication(live.requestId);
      if (!live.link.isClosed) {
        live.link.session.publishDone(
          live.requestId,
          PublishDoneCode16.TRACK_ENDED,
          "publication closed",
        );
      }
    })()
      .catch(() => undefined)
      .finally(() => {
        this.live = undefined;
        this.discard();
      });
    return this.closing;
  }

  /** `close()` for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @internal */
  attach(link: SessionLink): void {
    if (this.closed) return;
    this.attempt?.abort();
    const attempt = new AbortController();
    this.attempt = attempt;
    void this.publishOn(link, attempt.signal);
  }

  /** @internal */
  detach(link: SessionLink): void {
    if (this.live?.link !== link) return;
    this.live = undefined;
    this.onDown();
  }

  /** Emits one of the events every publication has. */
  protected emit<K extends keyof PublicationEvents>(type: K, event: PublicationEvents[K]): void {
    (this.events as unknown as TypedEmitter<PublicationEvents>).emit(type, event);
  }

  /** Throws CLOSED when the handle was closed. */
  protected assertOpen(): void {
    if (this.closed) throw closedError(`publication ${this.namespace}/${this.name}`);
  }

  /** The W3C send order of a stream of `groupId` at `priority`. */
  protected sendOrder(live: LivePublish, groupId: number, priority: number): number {
    return sendOrderFor({
      subscriberPriority: live.subscriberPriority,
      publisherPriority: priority,
      groupId,
      groupOrder: GroupOrder.ASCENDING,
    });
  }

  /**
   * Track properties to put on the first Object of each Group (README "Wire
   * mapping"), prepended to `own` and sorted ascending.
   */
  protected withTrackProperties(own: KeyValuePair[]): KeyValuePair[] {
    return [...own, ...this.properties].sort((a, b) => a.type - b.type);
  }

  /** The PUBLISH was accepted on `live.link`: send what is waiting. */
  protected abstract onLive(live: LivePublish): void;
  /** The session was lost (or the relay unsubscribed): stop sending on it. */
  protected abstract onDown(): void;
  /** Flushes and finishes the open streams before PUBLISH_DONE. */
  protected abstract finish(live: LivePublish): Promise<void>;
  /** Drops anything still queued (after close). */
  protected abstract discard(): void;

  private async publishOn(link: SessionLink, signal: AbortSignal): Promise<void> {
    const what = `PUBLISH ${this.namespace}/${this.name}`;
    let refused = 0;
    while (!this.closed && !link.isClosed && !signal.aborted) {
      const trackAlias = link.allocateAlias();
      try {
        const ok = await link.session.publish(
          {
            trackNamespace: this.track.trackNamespace,
            trackName: this.track.trackName,
            trackAlias,
            forward: true,
            groupOrder: GroupOrder.ASCENDING,
            ...(link.draft === 16 && {
              trackExtensions: trackExtensions(this.meta, this.defaultPriority),
            }),
          },
          { signal },
        );
        if (this.closed || link.isClosed || signal.aborted) return;
        const live: LivePublish = {
          link,
          trackAlias,
          requestId: ok.requestId,
          subscriberPriority: ok.subscriberPriority,
          stopped: (groupId, code) => {
            if (this.live !== live || this.closed) return;
            this.emit(
              "error",
              new MoqtClientError(
                MoqtClientErrorCode.OBJECT_REFUSED,
                `relay refused Group ${groupId} of ${this.namespace}/${this.name} (stream stopped, code ${code}): an Object may be over its size limit`,
              ),
            );
          },
        };
        this.live = live;
        link.router.addPublication(ok.requestId, () => this.unsubscribed(live));
        this.emit("live", { draft: link.draft });
        this.onLive(live);
        return;
      } catch (e) {
        if (this.closed || link.isClosed || signal.aborted) return;
        const r = refusal(e, what, link.draft);
        if (!r.retry) {
          if (r.error !== undefined) this.emit("error", r.error);
          return;
        }
        refused++;
        await sleep(
          resubscribeDelayMs(refused, this.ctx.options.resubscribeDelayMs, r.retryAfterMs),
          signal,
        );
      }
    }
  }

  /** The relay ended the PUBLISH with UNSUBSCRIBE: publish again after a pause. */
  private unsubscribed(live: LivePublish): void {
    if (this.live !== live) return;
    this.live = undefined;
    live.link.router.removePublication(live.requestId);
    this.onDown();
    const attempt = new AbortController();
    this.attempt = attempt;
    void sleep(this.ctx.options.resubscribeDelayMs, attempt.signal).then(() =>
      attempt.signal.aborted ? undefined : this.publishOn(live.link, attempt.signal),
    );
  }
}
