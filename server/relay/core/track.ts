// One track at the relay (draft-14/16 §"Relays"): the upstream subscriptions
// feeding it, its cache, its Track Extensions, and the subscriptions it fans out to.
import {
  ExtensionHeaderType,
  ObjectStatus,
  trackExtensionValues,
  withExtension,
} from "../../../src/moqt/wire/data/index.ts";
import {
  compareLocations,
  GroupOrder,
  type KeyValuePair,
  type Location,
  PROFILES,
  type Version,
} from "../../../src/moqt/wire/index.ts";
import { TrackCache, type TrackCacheLimits } from "./cache.ts";
import type { CacheBudget } from "./cache-budget.ts";
import { capabilityOf, withCapability } from "./capability.ts";
import type { Downstream } from "./downstream.ts";
import { type FullTrackName, trackKey } from "./names.ts";
import { endsGroup, type RelayObject } from "./relay-object.ts";
import { SharedEncoding } from "./shared-encoding.ts";
import type { TrackSource } from "./source.ts";
import type { UpstreamSubgroup } from "./upstream-stream.ts";

/** What a source tells about the track when its subscription is established. */
export interface SourceFacts {
  readonly largest: Location | undefined;
  /** draft-16 Track Extensions (PUBLISH / SUBSCRIBE_OK). */
  readonly extensions: readonly KeyValuePair[] | undefined;
  readonly version: Version;
  /** draft-14 Group Order of PUBLISH / SUBSCRIBE_OK. */
  readonly groupOrder: GroupOrder | undefined;
  /** draft-14 MAX_CACHE_DURATION parameter. */
  readonly maxCacheDurationMs: number | undefined;
}

/** Notifications a track gives its relay. */
export interface TrackObserver {
  available(track: RelayTrack): void;
  updated(track: RelayTrack): void;
  unavailable(track: RelayTrack): void;
}

/** A track, its sources, cache and subscribers. */
export class RelayTrack {
  readonly key: string;
  readonly sources = new Set<TrackSource>();
  readonly subscribers = new Set<Downstream>();
  /** Upstream SUBSCRIBEs in flight, by publisher session id. */
  readonly upstreamPending = new Map<number, Promise<TrackSource | undefined>>();
  /** Downstream requests waiting for this track (held or awaiting an upstream answer). */
  waiting = 0;
  largest: Location | undefined;
  capability: string | undefined;
  groupOrder: GroupOrder = GroupOrder.ASCENDING;
  defaultPublisherPriority = 128;
  maxCacheDurationMs: number | undefined;
  deliveryTimeoutMs: number | undefined;
  /** Counts the times the track became available (a new publication after none). */
  generation = 0;
  /** Where continuous reception started (cache coverage); undefined without a source. */
  receivedFrom: Location | undefined;
  readonly cache: TrackCache;
  private extensions: readonly KeyValuePair[] = [];

  constructor(
    readonly name: FullTrackName,
    cacheLimits: TrackCacheLimits,
    budget: CacheBudget,
    private readonly observer: TrackObserver,
  ) {
    this.key = trackKey(name);
    this.cache = new TrackCache(cacheLimits, budget);
  }

  /** Subscribers plus requests waiting for the track. */
  get demand(): number {
    return this.subscribers.size + this.waiting;
  }

  /** An upstream subscription became Established. */
  addSource(src: TrackSource, facts: SourceFacts): void {
    const first = this.sources.size === 0;
    this.sources.add(src);
    if (
      facts.largest !== undefined &&
      (!this.largest || compareLocations(facts.largest, this.largest) > 0)
    ) {
      this.largest = facts.largest;
    }
    if (first) {
      this.generation++;
      const l = facts.largest;
      this.receivedFrom =
        l === undefined ? { group: 0, object: 0 } : { group: l.group, object: l.object + 1 };
    }
    this.learn(facts);
    if (first) this.observer.available(this);
  }

  /** An upstream subscription ended; returns true when none is left. */
  removeSource(src: TrackSource): boolean {
    if (!this.sources.delete(src)) return this.sources.size === 0;
    if (this.sources.size > 0) return false;
    // A returning publisher may restart its Group numbering: nothing cached stays valid.
    this.receivedFrom = undefined;
    this.largest = undefined;
    this.cache.clear();
    this.observer.unavailable(this);
    return true;
  }

  /** Where the cache holds everything received; undefined when nothing is covered. */
  coveredFrom(nowMs: number): Location | undefined {
    if (this.maxCacheDurationMs !== undefined) this.cache.expire(nowMs - this.maxCacheDurationMs);
    return this.cache.coveredFrom(this.receivedFrom);
  }

  /**
   * A subgroup Object arrived from `from`: cache, deduplicate, fan out. Returns false,
   * ignoring the Object, once `from` no longer feeds the track (its subscription or
   * session ended while Objects were still being read): the track's cache was
   * released with its last source and must not fill up again.
   */
  ingest(o: RelayObject, up: UpstreamSubgroup, from: TrackSource): boolean {
    if (!this.sources.has(from)) return false;
    if (!this.accept(o)) return true;
    // Encoded once per stream form, not once per subscriber.
    const enc = new SharedEncoding(o);
    for (const sub of this.subscribers) sub.onObject(enc, up);
    return true;
  }

  /** An Object datagram arrived from `from` (ignored once it no longer feeds the track). */
  ingestDatagram(o: RelayObject, from: TrackSource): void {
    if (!this.sources.has(from) || !this.accept(o)) return;
    if (o.endOfGroup) this.cache.markComplete(o.groupId);
    for (const sub of this.subscribers) sub.onDatagram(o);
  }

  /** An upstream subgroup stream ended (`clean`: FIN after its last Object). */
  endSubgroup(up: UpstreamSubgroup, clean: boolean): void {
    if (clean && up.endOfGroup) this.cache.markComplete(up.groupId);
    for (const sub of this.subscribers) sub.onSubgroupEnd(up, clean);
  }

  /**
   * Track Extensions for a peer speaking `version`. draft-16 §"Relay Track
   * Handling": all of the track's extensions are included, plus the capability
   * when it was learned from draft-14 Objects. draft-14 has none.
   */
  extensionsFor(version: Version): KeyValuePair[] | undefined {
    if (PROFILES[version].draft !== 16) return undefined;
    // Only draft-16 sources carry Track Extensions, so they need no translation.
    let exts: KeyValuePair[] = [...this.extensions];
    if (this.capability !== undefined && capabilityOf(exts, version) === undefined) {
      exts = withCapability(exts, this.capability);
    }
    // Facts a draft-14 source gave as fields, restated as the draft-16 extensions.
    const has = (type: number) => exts.some((e) => e.type === type);
    if (
      this.groupOrder === GroupOrder.DESCENDING &&
      !has(ExtensionHeaderType.DEFAULT_PUBLISHER_GROUP_ORDER)
    ) {
      exts = withExtension(exts, {
        type: ExtensionHeaderType.DEFAULT_PUBLISHER_GROUP_ORDER,
        value: 2,
      });
    }
    if (this.maxCacheDurationMs !== undefined && !has(ExtensionHeaderType.MAX_CACHE_DURATION)) {
      exts = withExtension(exts, {
        type: ExtensionHeaderType.MAX_CACHE_DURATION,
        value: this.maxCacheDurationMs,
      });
    }
    return exts.length > 0 ? exts : undefined;
  }

  private accept(o: RelayObject): boolean {
    if (this.cache.add(o) === "duplicate") return false; // §"Multiple Publishers": deduplicate
    if (
      !this.largest ||
      compareLocations({ group: o.groupId, object: o.objectId }, this.largest) > 0
    ) {
      this.largest = { group: o.groupId, object: o.objectId };
    }
    if (endsGroup(o)) this.cache.markComplete(o.groupId);
    if (o.status === ObjectStatus.NORMAL && o.extensions !== undefined) {
      const cap = capabilityOf(o.extensions, o.version);
      if (cap !== undefined && cap !== this.capability) {
        this.capability = cap;
        this.observer.updated(this);
      }
    }
    return true;
  }

  /** §"Extension Headers": the most recent set of Track Extensions replaces the cached one. */
  private learn(f: SourceFacts): void {
    if (f.extensions !== undefined) {
      this.extensions = f.extensions;
      const v = trackExtensionValues(f.extensions);
      if (v.defaultPublisherPriority !== undefined)
        this.defaultPublisherPriority = v.defaultPublisherPriority;
      if (v.defaultGroupOrder !== undefined) this.groupOrder = v.defaultGroupOrder;
      if (v.maxCacheDurationMs !== undefined) this.maxCacheDurationMs = v.maxCacheDurationMs;
      if (v.deliveryTimeoutMs !== undefined) this.deliveryTimeoutMs = v.deliveryTimeoutMs;
      const cap = capabilityOf(f.extensions, f.version);
      if (cap !== undefined) this.capability = cap;
    }
    if (f.groupOrder !== undefined && f.groupOrder !== GroupOrder.PUBLISHER)
      this.groupOrder = f.groupOrder;
    if (f.maxCacheDurationMs !== undefined) this.maxCacheDurationMs = f.maxCacheDurationMs;
  }
}
