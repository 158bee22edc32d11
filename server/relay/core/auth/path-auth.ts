// Sessions authorized by the URL they came in on (e.g. the stream resolver's
// `/publish/<id>?sk=` and `/playback/<id>?tok=`) instead of the relay's JWTs.
import type { TrackNamespace } from "../names.ts";
import type { PeerOrigin } from "../peer.ts";
import type { Action, Grant } from "./grant.ts";

/** Object payload bytes a session published and was sent. */
export interface SessionTraffic {
  bytesIn: number;
  bytesOut: number;
}

/** What a path authority decided for one session. */
export interface PathSession {
  /** What the session may publish and subscribe to. */
  readonly grants: readonly Grant[];
  /**
   * Runs inside every request before its grant check; throws a MoqtSessionError
   * to close the session, or a MoqtRequestError to refuse the request.
   */
  check?(action: Action, ns: TrackNamespace): Promise<void>;
  /** The session ended (or never got established), with what it carried. */
  ended?(traffic: Readonly<SessionTraffic>): void;
}

/** Decides what sessions on the paths it knows may do. */
export interface PathAuthority {
  /**
   * The session's rights, or undefined for a path it does not know (the relay's
   * own auth applies). Throws a MoqtSessionError to refuse the session.
   */
  authorize(origin: PeerOrigin): Promise<PathSession | undefined>;
}
