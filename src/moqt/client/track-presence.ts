// A session holds at most one subscription per track and role (draft-14/16
// §"Subscriptions": a second one fails with DUPLICATE_SUBSCRIPTION), so a track
// the client subscribes to is not also offered to its `tracks()`: the relay does
// not PUBLISH it, or the discovery gives its offer up. The subscription then
// tells the discoveries when the track is there and when it ended.
import type { SessionLink } from "./session-link.ts";
import type { TrackInfo } from "./track-metadata.ts";
import type { TrackName } from "./track-name.ts";

/** What a `tracks()` discovery hears from the client's subscriptions. */
export interface PresenceWatcher {
  /** A subscription is about to SUBSCRIBE to `track` on `link`: give up any offer of it there. */
  release(track: TrackName, link: SessionLink): void;
  /** A subscription is served: the track exists, with `info`. */
  present(track: TrackName, info: TrackInfo): void;
  /** The relay ended a subscription (its publisher left). */
  gone(track: TrackName): void;
}

/** The client's discoveries, as its subscriptions reach them. */
export class TrackPresence {
  private readonly watchers = new Set<PresenceWatcher>();
  private readonly claims = new Set<string>();

  /** A subscription of this client holds the track with Full Track Name key `key`. */
  claim(key: string): void {
    this.claims.add(key);
  }

  /** That subscription closed. */
  unclaim(key: string): void {
    this.claims.delete(key);
  }

  /** Whether a subscription of this client holds the track (the relay must not offer it too). */
  claimed(key: string): boolean {
    return this.claims.has(key);
  }

  /** Adds `w`; returns a function that removes it. */
  watch(w: PresenceWatcher): () => void {
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  release(track: TrackName, link: SessionLink): void {
    for (const w of this.watchers) w.release(track, link);
  }

  present(track: TrackName, info: TrackInfo): void {
    for (const w of this.watchers) w.present(track, info);
  }

  gone(track: TrackName): void {
    for (const w of this.watchers) w.gone(track);
  }
}
