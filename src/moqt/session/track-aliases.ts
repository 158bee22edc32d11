import { SessionErrorCode } from "../wire/error-codes.ts";
import type { TrackNamespace } from "../wire/namespace.ts";
import { CloseReason, MoqtSessionError } from "./errors.ts";

/** A track a subscription of this endpoint receives. */
export interface SubscribedTrack {
  readonly requestId: number;
  readonly trackNamespace: TrackNamespace;
  readonly trackName: Uint8Array;
}

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** A string that is equal for equal full track names. */
export function fullTrackKey(ns: TrackNamespace, name: Uint8Array): string {
  return `${ns.map(hex).join(".")}/${hex(name)}`;
}

/**
 * Track Aliases of the subscriptions this endpoint receives (from SUBSCRIBE_OK or
 * PUBLISH), so data streams and datagrams can be matched to them.
 */
export class TrackAliases {
  private readonly byAlias = new Map<number, SubscribedTrack & { key: string }>();
  private readonly aliasOf = new Map<number, number>();

  /**
   * Records that `track` arrives under `alias`. §"SUBSCRIBE_OK" / §"PUBLISH": an
   * alias already naming a different track closes the session with DUPLICATE_TRACK_ALIAS.
   */
  claim(alias: number, track: SubscribedTrack): void {
    const key = fullTrackKey(track.trackNamespace, track.trackName);
    const held = this.byAlias.get(alias);
    if (held !== undefined && held.key !== key) {
      throw new MoqtSessionError(
        SessionErrorCode.DUPLICATE_TRACK_ALIAS,
        `${CloseReason.DUPLICATE_TRACK_ALIAS} (alias ${alias})`,
      );
    }
    if (held !== undefined) this.aliasOf.delete(held.requestId);
    this.byAlias.set(alias, { ...track, key });
    this.aliasOf.set(track.requestId, alias);
  }

  /** Forgets the alias of the subscription `requestId` (it ended). */
  release(requestId: number): void {
    const alias = this.aliasOf.get(requestId);
    if (alias === undefined) return;
    this.aliasOf.delete(requestId);
    this.byAlias.delete(alias);
  }

  /** The subscription receiving Objects under `alias`, if any. */
  lookup(alias: number): SubscribedTrack | undefined {
    const t = this.byAlias.get(alias);
    if (t === undefined) return undefined;
    return { requestId: t.requestId, trackNamespace: t.trackNamespace, trackName: t.trackName };
  }
}
