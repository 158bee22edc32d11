// Discovery (seed "Namespacing & routing": subscribers and modules select by
// intent): SUBSCRIBE_NAMESPACE on every session makes the relay PUBLISH each
// track under the prefix (draft-14/16 §"Subscribing to Namespaces"); each offer
// is accepted with Forward 0, so no Object flows, and its PUBLISH_DONE says the
// track ended. Track properties come with the PUBLISH (draft-16 Track
// Extensions) or, in draft-14, from the first Object of a Group (track-learning.ts).
import { type Listener, TypedEmitter } from "../session/emitter.ts";
import { MoqtRequestError } from "../session/errors.ts";
import { RequestErrorName } from "../session/request-error-codes.ts";
import { fullTrackKey } from "../session/track-aliases.ts";
import { SubscribeOptions } from "../wire/control/namespace/subscribe-namespace.ts";
import type { Publish } from "../wire/control/publish/publish.ts";
import { namespaceHasPrefix, type TrackNamespace } from "../wire/namespace.ts";
import type { TrackContext } from "./context.ts";
import { asyncDispose } from "./dispose.ts";
import type { MoqtClientError } from "./errors.ts";
import type { DiscoverySink } from "./object-router.ts";
import { resubscribeDelayMs } from "./rendezvous.ts";
import { refusal } from "./request-errors.ts";
import type { Attachable } from "./request-queue.ts";
import type { SessionLink } from "./session-link.ts";
import { sleep } from "./sleep.ts";
import { learnDraft14 } from "./track-learning.ts";
import { mergeTrackInfo, type TrackInfo, type TrackKind } from "./track-metadata.ts";
import type { NamespaceName, TrackName } from "./track-name.ts";

/** A track found under a `tracks()` prefix. */
export interface DiscoveredTrack {
  /** The namespace as a "/"-separated path; pass it to `subscribe*`. */
  readonly namespace: string;
  /** The track name. */
  readonly name: string;
  /** Frame, audio, video or text (absent for publishers that do not say). */
  readonly kind?: TrackKind;
  /** Routing intent ("asr", "ros.telemetry"). */
  readonly capability?: string;
  /** Payload schema ("ros2/cdr"). */
  readonly schemaTag?: string;
  /** Everything the publisher declared (codec, sample rate, …). */
  readonly info: TrackInfo;
}

/** One change under a `tracks()` prefix. */
export interface TrackChange {
  /** "available": published (or found again after a reconnect); "ended": its last publisher left. */
  readonly type: "available" | "ended";
  readonly track: DiscoveredTrack;
}

/** Events of a `TrackDiscovery`. */
export interface TrackDiscoveryEvents {
  /** A matching track appeared. */
  available: DiscoveredTrack;
  /** A track reported as available ended. */
  ended: DiscoveredTrack;
  /** The relay refused the SUBSCRIBE_NAMESPACE (e.g. UNAUTHORIZED); asked again next session. */
  error: MoqtClientError;
}

/** Options of `MoqtClient.tracks`. */
export interface TracksOptions {
  /** Only tracks published with this capability. */
  readonly capability?: string;
  /** Aborting it closes the discovery (iterators end). */
  readonly signal?: AbortSignal;
}

/**
 * After a reconnect the relay offers every current track again; tracks not
 * offered within this long of the new SUBSCRIBE_NAMESPACE's answer ended
 * while the client was away.
 */
export const REOFFER_WINDOW_MS = 1000;

const DECODER = new TextDecoder();

/** Who tells the discovery that a track is there. */
type Holder =
  /** The relay's PUBLISH, accepted with Forward 0 on that session. */
  | { readonly link: SessionLink; readonly requestId: number }
  /** A subscription of this client to the same track (track-presence.ts). */
  | "subscription";

interface Entry {
  track: DiscoveredTrack;
  /** Undefined while stale (after a session loss, until offered again). */
  holder: Holder | undefined;
  /** Reported as available (it matches the capability). */
  reported: boolean;
  /** A draft-14 FETCH for its properties is under way: report it once that is done. */
  fetching: boolean;
}

/**
 * The tracks under a namespace prefix, as they appear and end: an async
 * iterable of `TrackChange` (each iterator starts with the tracks already
 * known) and typed events. Re-established on every reconnect; `close()` or the
 * `signal` ends it.
 */
export class TrackDiscovery implements Attachable, AsyncIterable<TrackChange>, AsyncDisposable {
  /** The prefix as a "/"-separated path. */
  readonly prefix: string;
  /** The capability it selects, if any. */
  readonly capability: string | undefined;
  /** @internal */
  readonly queueKey: string;
  private readonly events = new TypedEmitter<TrackDiscoveryEvents>();
  private readonly entries = new Map<string, Entry>();
  private readonly waiters = new Set<() => void>();
  private attempt: AbortController | undefined;
  private isClosed = false;
  private readonly unwatch: () => void;

  /** @internal Use `MoqtClient.tracks`. */
  constructor(
    private readonly ctx: TrackContext,
    /** @internal */
    readonly scope: NamespaceName,
    options: TracksOptions,
  ) {
    this.prefix = scope.namespace;
    this.capability = options.capability;
    this.queueKey = `tracks:${scope.key}`;
    this.unwatch = ctx.presence.watch({
      release: (track, link) => this.release(track, link),
      present: (track, info) => {
        const e = this.entryFor(track.trackNamespace, track.trackName, track.key);
        if (e === undefined) return;
        e.holder = "subscription";
        this.update(e, { ...e.track.info, ...info });
      },
      gone: (track) => {
        const e = this.entries.get(track.key);
        if (e?.holder === "subscription") this.ended(track.key, e);
      },
    });
    const signal = options.signal;
    if (signal?.aborted) void this.close();
    else signal?.addEventListener("abort", () => void this.close(), { once: true });
  }

  /** True once closed. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** The matching tracks known now. */
  get tracks(): DiscoveredTrack[] {
    return [...this.entries.values()].filter((e) => e.reported).map((e) => e.track);
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof TrackDiscoveryEvents>(
    type: K,
    listener: Listener<TrackDiscoveryEvents[K]>,
  ): () => void {
    return this.events.on(type, listener);
  }

  /** Removes a listener. */
  off<K extends keyof TrackDiscoveryEvents>(
    type: K,
    listener: Listener<TrackDiscoveryEvents[K]>,
  ): void {
    this.events.off(type, listener);
  }

  /** The known tracks as "available", then every change until the discovery closes. */
  async *[Symbol.asyncIterator](): AsyncGenerator<TrackChange, void, undefined> {
    const pending: TrackChange[] = this.tracks.map((track) => ({ type: "available", track }));
    const offs = [
      this.on("available", (track) => pending.push({ type: "available", track })),
      this.on("ended", (track) => pending.push({ type: "ended", track })),
    ];
    try {
      for (;;) {
        const next = pending.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.isClosed) return;
        await new Promise<void>((resolve) => this.waiters.add(resolve));
      }
    } finally {
      for (const off of offs) off();
    }
  }

  /** Stops discovering; iterators end. Never rejects. */
  close(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    this.isClosed = true;
    this.unwatch();
    for (const e of this.entries.values()) {
      const h = e.holder;
      if (h === undefined || h === "subscription" || h.link.isClosed) continue;
      h.link.router.removeSubscription(h.requestId);
      h.link.session.unsubscribe(h.requestId);
    }
    this.ctx.queue.remove(this);
    this.attempt?.abort();
    this.wake();
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
    for (const e of this.entries.values()) {
      if (e.holder === "subscription" || e.holder?.link === link) e.holder = undefined;
    }
  }

  private async run(link: SessionLink, signal: AbortSignal): Promise<void> {
    const sink: DiscoverySink = {
      trackNamespacePrefix: this.scope.trackNamespace,
      onPublish: (req) => this.offered(link, req),
    };
    // Offers may arrive before the answer (draft-16 sends them on another stream).
    link.router.addDiscovery(sink);
    const stop = () => this.isClosed || link.isClosed || signal.aborted;
    let refused = 0;
    while (!stop()) {
      try {
        const sub = await link.session.subscribeNamespace(
          {
            trackNamespacePrefix: this.scope.trackNamespace,
            subscribeOptions: SubscribeOptions.PUBLISH,
            forward: false,
          },
          { signal },
        );
        setTimeout(() => this.endStale(), REOFFER_WINDOW_MS);
        await new Promise<void>((resolve) => {
          if (stop()) return resolve();
          signal.addEventListener("abort", () => resolve(), { once: true });
          void link.closed.then(() => resolve());
        });
        if (!link.isClosed) sub.close();
        break;
      } catch (e) {
        if (stop()) break;
        const r = refusal(e, `SUBSCRIBE_NAMESPACE ${this.prefix}`, link.draft);
        if (!r.retry) {
          if (r.error !== undefined) this.events.emit("error", r.error);
          break;
        }
        refused++;
        const ms = resubscribeDelayMs(refused, this.ctx.options.resubscribeDelayMs, r.retryAfterMs);
        await sleep(ms, signal);
      }
    }
    link.router.removeDiscovery(sink);
  }

  /** The entry for a track under the prefix (made when new); undefined outside it. */
  private entryFor(ns: TrackNamespace, name: Uint8Array, key: string): Entry | undefined {
    if (!namespaceHasPrefix(ns, this.scope.trackNamespace)) return undefined;
    let e = this.entries.get(key);
    if (e === undefined) {
      const namespace = ns.map((f) => DECODER.decode(f)).join("/");
      const track = discovered(namespace, DECODER.decode(name), {});
      e = { track, holder: undefined, reported: false, fetching: false };
      this.entries.set(key, e);
    }
    return e;
  }

  /**
   * The relay offers a track: accept it without Objects and track its end —
   * unless this client subscribes to it, which then reports on it.
   */
  private offered(link: SessionLink, req: Publish): { forward: boolean } {
    const key = fullTrackKey(req.trackNamespace, req.trackName);
    const e = this.entryFor(req.trackNamespace, req.trackName, key)!;
    if (this.ctx.queue.has(`sub:${key}`)) {
      e.holder = "subscription";
      this.update(e, mergeTrackInfo(e.track.info, req.trackExtensions));
      throw MoqtRequestError.reject(RequestErrorName.UNINTERESTED, "subscribed already");
    }
    const offer = { link, requestId: req.requestId };
    e.holder = offer;
    link.router.addSubscription(req.requestId, {
      onStream: (s) => learning?.onStream(s),
      onDatagram: (d) => learning?.onDatagram(d),
      onPublishDone: () => {
        link.router.removeSubscription(req.requestId);
        if (e.holder === offer) this.ended(key, e);
      },
    });
    const learning =
      link.draft === 14 && e.track.info.capability === undefined
        ? learnDraft14(link, req, (pairs) => this.update(e, mergeTrackInfo(e.track.info, pairs)))
        : undefined;
    if (learning?.fetched !== undefined) {
      e.fetching = true;
      void learning.fetched.then(() => {
        e.fetching = false;
        this.update(e, e.track.info);
      });
    }
    // Reported once PUBLISH_OK is sent, so a listener may subscribe to it at once.
    const info = mergeTrackInfo(e.track.info, req.trackExtensions);
    setTimeout(() => this.update(e, info), 0);
    return { forward: learning?.forward ?? false };
  }

  /** A subscription of this client takes `track` over on `link`: give up the offer there. */
  private release(track: TrackName, link: SessionLink): void {
    const e = this.entries.get(track.key);
    const holder = e?.holder;
    if (e === undefined || holder === undefined || holder === "subscription") return;
    if (holder.link !== link) return;
    e.holder = "subscription";
    link.router.removeSubscription(holder.requestId);
    if (!link.isClosed) link.session.unsubscribe(holder.requestId);
  }

  /** Records what is known about `e`'s track; reports it once it matches. */
  private update(e: Entry, info: TrackInfo): void {
    if (info !== e.track.info) e.track = discovered(e.track.namespace, e.track.name, info);
    const matches = this.capability === undefined || info.capability === this.capability;
    if (e.reported || !matches || e.holder === undefined || this.isClosed) return;
    if (e.fetching && info.capability === undefined) return;
    // Without a capability filter, a draft-14 track with no Object yet is reported unlearned.
    e.reported = true;
    this.events.emit("available", e.track);
    this.wake();
  }

  private ended(key: string, e: Entry): void {
    this.entries.delete(key);
    if (!e.reported || this.isClosed) return;
    this.events.emit("ended", e.track);
    this.wake();
  }

  /** Tracks no session offered again after a reconnect ended meanwhile. */
  private endStale(): void {
    for (const [key, e] of [...this.entries]) if (e.holder === undefined) this.ended(key, e);
  }

  private wake(): void {
    for (const w of this.waiters) w();
    this.waiters.clear();
  }
}

function discovered(namespace: string, name: string, info: TrackInfo): DiscoveredTrack {
  return {
    namespace,
    name,
    ...(info.kind !== undefined && { kind: info.kind }),
    ...(info.capability !== undefined && { capability: info.capability }),
    ...(info.schemaTag !== undefined && { schemaTag: info.schemaTag }),
    info,
  };
}
