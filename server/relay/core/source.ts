import type { RelayTrack } from "./track.ts";

/** How the relay receives a track from one publisher session. */
export type SourceKind =
  /** The publisher sent PUBLISH. */
  | "publish"
  /** The relay sent SUBSCRIBE to a session that published the namespace. */
  | "subscribe";

/** The session side a source lives in (a RelayPeer). */
export interface SourcePeer {
  readonly id: number;
}

/** One upstream subscription feeding a track. */
export interface TrackSource {
  readonly kind: SourceKind;
  readonly peer: SourcePeer;
  /** The Request ID of the PUBLISH (the publisher's) or SUBSCRIBE (the relay's). */
  readonly requestId: number;
  /** The Track Alias the publisher's Objects carry. */
  readonly trackAlias: number;
  readonly track: RelayTrack;
}
