// The wire side of discovery (seed "Namespacing & routing": subscribers and
// modules select by intent): SUBSCRIBE_NAMESPACE on every session makes the relay
// PUBLISH each track under the prefix (draft-14/16 §"Subscribing to Namespaces");
// each offer is accepted with Forward 0, so no Object flows, and its PUBLISH_DONE
// says the track ended. Track properties come with the PUBLISH (draft-16 Track
// Extensions) or, in draft-14, from the first Object of a Group (track-learning.ts).
// One watch per prefix serves every `tracks()` view and capability pick under it
// (a session may not hold overlapping SUBSCRIBE_NAMESPACEs).
import { MoqtRequestError } from "../session/errors.ts";
import { RequestErrorName } from "../session/request-error-codes.ts";
import { fullTrackKey } from "../session/track-aliases.ts";
import { SubscribeOptions } from "../wire/control/namespace/subscribe-options.ts";
import type { Publish } from "../wire/control/publish/publish.ts";
import { namespaceHasPrefix, type TrackNamespace } from "../wire/namespace.ts";
import type { TrackContext } from "./context.ts";
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

/**
 * After a reconnect the relay offers every current track again; tracks not
 * offered within this long of the new SUBSCRIBE_NAMESPACE's answer ended
 * while the client was away.
 */
export const REOFFER_WINDOW_MS = 1000;

/** A track a watch found. */
export interface WatchedTrack {
  /** Its Full Track Name key. */
  readonly key: string;
  /** Its namespace's wire form. */
  readonly trackNamespace: TrackNamespace;
  /** Its name's wire form. */
  readonly trackName: Uint8Array;
  readonly track: DiscoveredTrack;
}

/** What a watch tells the views and picks built on it. */
export interface WatchConsumer {
  /** A track is there (first report, or its properties grew). */
  seen(t: WatchedTrack): void;
  /** A track reported by `seen` ended. */
  ended(t: WatchedTrack): void;
  /** The relay refused the SUBSCRIBE_NAMESPACE; asked again next session. */
  error(e: MoqtClientError): void;
  /** The relay answered the SUBSCRIBE_NAMESPACE on `link`. */
  answered?(link: SessionLink): void;
  /** The watch closed (the client did). */
  closed?(): void;
}

const DECODER = new TextDecoder();

/** Who tells the watch that a track is there. */
type Holder =
  /** The relay's PUBLISH, accepted with Forward 0 on that session. */
  | { readonly link: SessionLink; readonly requestId: number }
  /** A subscription of this client to the same track (track-presence.ts). */
  | "subscription";

interface Entry {
  readonly key: string;
  readonly trackNamespace: TrackNamespace;
  readonly trackName: Uint8Array;
  track: DiscoveredTrack;
  /** Undefined while stale (after a session loss, until offered again). */
  holder: Holder | undefined;
  /** A draft-14 FETCH for its properties is under way: report it once that is done. */
  fetching: boolean;
}

/**
 * One SUBSCRIBE_NAMESPACE per session for a prefix, and the tracks it found.
 * Re-established on every reconnect; closes when its last consumer leaves.
 */
export class NamespaceWatch implements Attachable {
  /** @internal */
  readonly queueKey: string;
  private readonly entries = new Map<string, Entry>();
  private readonly consumers = new Set<WatchConsumer>();
  private attempt: AbortController | undefined;
  private answer: { readonly link: SessionLink; readonly atMs: number } | undefined;
  private isClosed = false;
  private readonly unwatch: () => void;

  constructor(
    private readonly ctx: TrackContext,
    readonly scope: NamespaceName,
  ) {
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
        if (e?.holder === "subscription") this.ended(e);
      },
    });
  }

  /** True once closed. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** When the SUBSCRIBE_NAMESPACE on `link` was answered (ms since the epoch), if it was. */
  answeredAtMs(link: SessionLink): number | undefined {
    return this.answer?.link === link ? this.answer.atMs : undefined;
  }

  /** Whether a draft-14 track's properties are still being fetched. */
  get learning(): boolean {
    for (const e of this.entries.values()) if (e.fetching) return true;
    return false;
  }

  /** The tracks there now, with what is known of them. */
  known(): WatchedTrack[] {
    return [...this.entries.values()].filter(ready);
  }

  /** Adds `c`; returns a function that removes it (the last one closes the watch). */
  join(c: WatchConsumer): () => void {
    this.consumers.add(c);
    return () => {
      this.consumers.delete(c);
      if (this.consumers.size === 0) void this.close();
    };
  }

  /** Withdraws from every session. */
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
    for (const c of [...this.consumers]) c.closed?.();
    return Promise.resolve();
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
        this.answer = { link, atMs: Date.now() };
        for (const c of this.consumers) c.answered?.(link);
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
        const r = refusal(e, `SUBSCRIBE_NAMESPACE ${this.scope.namespace}`, link.draft);
        if (!r.retry) {
          if (r.error !== undefined) for (const c of this.consumers) c.error(r.error);
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
      e = { key, trackNamespace: ns, trackName: name, track, holder: undefined, fetching: false };
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
    if (this.ctx.presence.claimed(key)) {
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
        if (e.holder === offer) this.ended(e);
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

  /** Records what is known about `e`'s track; tells the consumers once it is there. */
  private update(e: Entry, info: TrackInfo): void {
    if (info !== e.track.info) e.track = discovered(e.track.namespace, e.track.name, info);
    if (this.isClosed || this.entries.get(e.key) !== e || !ready(e)) return;
    for (const c of this.consumers) c.seen(e);
  }

  private ended(e: Entry): void {
    this.entries.delete(e.key);
    if (this.isClosed) return;
    for (const c of this.consumers) c.ended(e);
  }

  /** Tracks no session offered again after a reconnect ended meanwhile. */
  private endStale(): void {
    for (const e of [...this.entries.values()]) if (e.holder === undefined) this.ended(e);
  }
}

/**
 * Whether an entry can be reported: held, and (draft-14) not waiting for the
 * FETCH of its properties. Without that FETCH, a draft-14 track with no Object
 * yet is reported unlearned.
 */
function ready(e: Entry): boolean {
  return e.holder !== undefined && !(e.fetching && e.track.info.capability === undefined);
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
