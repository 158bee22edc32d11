import type { Version } from "../../../src/moqt/wire/index.ts";
import type { AuthOptions } from "./auth/authenticator.ts";
import type { PathAuthority } from "./auth/path-auth.ts";
import { type RelayClock, systemClock } from "./clock.ts";
import { type RelayLogger, silentLogger } from "./logger.ts";

/** Resource bounds of a relay; each refusal names the limit it hit. */
export interface RelayLimits {
  /** Concurrent sessions; more are closed at once (INTERNAL_ERROR, "session limit"). */
  readonly maxSessions: number;
  /** Live requests (subscriptions, fetches, namespaces) per session; more are rejected. */
  readonly maxRequestsPerSession: number;
  /** Largest Object payload accepted from a publisher; larger ones abandon their stream. */
  readonly maxObjectBytes: number;
  /** Bytes of cached Objects over all tracks. */
  readonly maxCacheBytes: number;
  /** Bytes of cached Objects per track. */
  readonly maxCacheBytesPerTrack: number;
  /**
   * Newest Groups kept per track (besides the byte bounds). 64 Groups hold 4096
   * text messages — a text publisher's default retention (`maxRetainedTextMessages`,
   * 30 s at 50 msg/s is 1500), so a subscriber can FETCH whatever a reconnecting
   * publisher sent again.
   */
  readonly maxCachedGroupsPerTrack: number;
  /** SUBSCRIBEs held for a namespace nobody published yet, over all sessions. */
  readonly maxHeldSubscribes: number;
  /**
   * The longest a SUBSCRIBE is held for a track nobody publishes; the subscriber asks for
   * a wait with RENDEZVOUS_TIMEOUT (without it: DOES_NOT_EXIST at once), capped by this.
   */
  readonly holdTimeoutMs: number;
  /** How long an upstream SUBSCRIBE may take before the downstream one fails with TIMEOUT. */
  readonly upstreamTimeoutMs: number;
  /** Unidirectional streams the relay keeps open toward one session (browsers allow ~100). */
  readonly maxOpenStreamsPerSession: number;
  /** Object bytes queued toward one session before old, low-priority Groups are dropped. */
  readonly maxQueuedBytesPerSession: number;
  /**
   * How long a data stream may wait for the request that explains it (its Track
   * Alias, or the relay's upstream FETCH) before it is stopped.
   */
  readonly aliasWaitMs: number;
  /** How long an ending subscription may flush its streams before they are abandoned. */
  readonly drainMs: number;
}

/** Defaults: generous for one machine, bounded everywhere. */
export const DEFAULT_LIMITS: RelayLimits = {
  maxSessions: 1024,
  maxRequestsPerSession: 1024,
  maxObjectBytes: 8 * 1024 * 1024,
  maxCacheBytes: 256 * 1024 * 1024,
  maxCacheBytesPerTrack: 32 * 1024 * 1024,
  maxCachedGroupsPerTrack: 64,
  maxHeldSubscribes: 4096,
  holdTimeoutMs: 30_000,
  upstreamTimeoutMs: 10_000,
  maxOpenStreamsPerSession: 96,
  maxQueuedBytesPerSession: 8 * 1024 * 1024,
  aliasWaitMs: 5_000,
  drainMs: 2_000,
};

/** Options of `new Relay(...)`. */
export interface RelayOptions {
  /** `{ mode: "none" }` for local development, else JWT settings. */
  readonly auth: AuthOptions;
  readonly limits?: Partial<RelayLimits>;
  readonly logger?: RelayLogger;
  readonly clock?: RelayClock;
  /** MoQT versions offered; default every version the codec speaks. */
  readonly versions?: readonly Version[];
  /** MOQT_IMPLEMENTATION sent in SERVER_SETUP; default "clutchcall-relay". */
  readonly implementation?: string;
  /** Authorizes sessions by their URL path before the JWT auth (the stream resolver). */
  readonly pathAuthority?: PathAuthority;
}

/** Options with defaults applied. */
export interface ResolvedRelayOptions {
  readonly auth: AuthOptions;
  readonly limits: RelayLimits;
  readonly logger: RelayLogger;
  readonly clock: RelayClock;
  readonly versions: readonly Version[] | undefined;
  readonly implementation: string;
  readonly pathAuthority: PathAuthority | undefined;
}

/** Applies the defaults documented on RelayOptions; throws RangeError for a non-positive limit. */
export function resolveRelayOptions(o: RelayOptions): ResolvedRelayOptions {
  const limits = { ...DEFAULT_LIMITS, ...o.limits };
  for (const [name, value] of Object.entries(limits)) {
    if (!(typeof value === "number" && value > 0)) {
      throw new RangeError(`relay limit ${name} must be a positive number`);
    }
  }
  return {
    auth: o.auth,
    limits,
    logger: o.logger ?? silentLogger,
    clock: o.clock ?? systemClock,
    versions: o.versions,
    implementation: o.implementation ?? "clutchcall-relay",
    pathAuthority: o.pathAuthority,
  };
}
