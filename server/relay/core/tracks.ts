// The relay's tracks by Full Track Name, and their public description for
// capability routing (README.md "Selecting tracks").
import type { Location } from "../../../src/moqt/wire/index.ts";
import type { TrackCacheLimits } from "./cache.ts";
import type { CacheBudget } from "./cache-budget.ts";
import {
  type FullTrackName,
  namespaceFromPath,
  namespaceHasPrefix,
  namespaceToPath,
  type TrackNamespace,
  trackKey,
  trackNameText,
} from "./names.ts";
import { RelayTrack, type TrackObserver } from "./track.ts";

/** A track as the relay API shows it. */
export interface TrackInfo {
  /** The namespace as a "/"-joined path (fields decoded as UTF-8). */
  readonly namespace: string;
  readonly trackNamespace: TrackNamespace;
  /** The track name decoded as UTF-8. */
  readonly name: string;
  readonly trackName: Uint8Array;
  /** The routing intent, once known (draft-14 publishers: after their first Group). */
  readonly capability: string | undefined;
  /** Upstream subscriptions feeding the track. */
  readonly publishers: number;
  readonly subscribers: number;
  readonly largest: Location | undefined;
}

/** Which tracks a module wants: all of the given conditions must hold. */
export interface TrackSelector {
  /** Exact capability string. */
  readonly capability?: string;
  /** Namespace prefix, as fields or a "/"-separated path. */
  readonly prefix?: string | TrackNamespace;
}

/** A change in the set of available tracks. */
export interface TrackEvent {
  /** "available": first publisher; "updated": capability learned; "ended": last publisher left. */
  readonly type: "available" | "updated" | "ended";
  readonly track: TrackInfo;
}

/** The public view of `t`. */
export function trackInfo(t: RelayTrack): TrackInfo {
  return {
    namespace: namespaceToPath(t.name.trackNamespace),
    trackNamespace: t.name.trackNamespace,
    name: trackNameText(t.name.trackName),
    trackName: t.name.trackName,
    capability: t.capability,
    publishers: t.sources.size,
    subscribers: t.subscribers.size,
    largest: t.largest,
  };
}

/** Whether `info` matches `sel`. */
export function selects(sel: TrackSelector, info: TrackInfo): boolean {
  if (sel.capability !== undefined && info.capability !== sel.capability) return false;
  if (sel.prefix === undefined) return true;
  const prefix = typeof sel.prefix === "string" ? namespaceFromPath(sel.prefix) : sel.prefix;
  return namespaceHasPrefix(info.trackNamespace, prefix);
}

/** Every track the relay knows, created on first use and collected when idle. */
export class TrackRegistry implements TrackObserver {
  private readonly byKey = new Map<string, RelayTrack>();

  constructor(
    private readonly cacheLimits: TrackCacheLimits,
    private readonly budget: CacheBudget,
    private readonly emit: (e: TrackEvent) => void,
  ) {}

  get size(): number {
    return this.byKey.size;
  }

  get(name: FullTrackName): RelayTrack | undefined {
    return this.byKey.get(trackKey(name));
  }

  getOrCreate(name: FullTrackName): RelayTrack {
    const key = trackKey(name);
    let t = this.byKey.get(key);
    if (t === undefined) {
      t = new RelayTrack(name, this.cacheLimits, this.budget, this);
      this.byKey.set(key, t);
    }
    return t;
  }

  all(): RelayTrack[] {
    return [...this.byKey.values()];
  }

  /** Forgets `t` when nothing uses it any more. */
  collect(t: RelayTrack): void {
    if (t.sources.size > 0 || t.demand > 0 || t.upstreamPending.size > 0) return;
    if (t.cache.bytes > 0) return;
    if (this.byKey.get(t.key) === t) this.byKey.delete(t.key);
  }

  available(t: RelayTrack): void {
    this.emit({ type: "available", track: trackInfo(t) });
  }
  updated(t: RelayTrack): void {
    this.emit({ type: "updated", track: trackInfo(t) });
  }
  unavailable(t: RelayTrack): void {
    this.emit({ type: "ended", track: trackInfo(t) });
  }
}
