// One session at the relay, in whatever roles it plays: publisher (PUBLISH,
// PUBLISH_NAMESPACE, the Track Aliases of its Objects) and subscriber
// (subscriptions served, SUBSCRIBE_NAMESPACE, FETCH responses, its Outbox).
import type { MoqtSession } from "../../../src/moqt/session/index.ts";
import { PROFILES, type Version } from "../../../src/moqt/wire/index.ts";
import type { MoqTransport } from "../../../src/transport/types.ts";
import { AliasTable } from "./alias-table.ts";
import type { Grant } from "./auth/grant.ts";
import type { PathSession, SessionTraffic } from "./auth/path-auth.ts";
import type { RelayClock } from "./clock.ts";
import type { Downstream } from "./downstream.ts";
import { FetchStreams } from "./fetch-streams.ts";
import type { TrackNamespace } from "./names.ts";
import type { NamespaceWatch } from "./namespace-watch.ts";
import { type DroppableJob, Outbox, type OutboxLimits } from "./outbox.ts";
import type { TrackSource } from "./source.ts";
import type { RelayTrack } from "./track.ts";

/** A SUBSCRIBE not answered yet (held, or waiting for the upstream answer). */
export interface PendingSubscribe {
  readonly track: RelayTrack;
  /** The subscription once established; undefined if it failed. */
  readonly settled: Promise<Downstream<RelayTrack> | undefined>;
  /** The subscriber withdrew it (UNSUBSCRIBE before the answer). */
  cancel(reason: string): void;
}

/** Something in flight that the session's end must stop (e.g. a FETCH response). */
export interface Cancellable {
  cancel(): void;
}

/** Where a session came from, as the listener saw it. */
export interface PeerOrigin {
  readonly path: string | undefined;
  readonly query: URLSearchParams;
  /** The peer's host address, when the listener knows it (logs are limited per address). */
  readonly address: string | undefined;
}

/** The relay's state for one session. */
export class RelayPeer {
  readonly outbox: Outbox;
  readonly aliases: AliasTable<TrackSource>;
  /** Upstream subscriptions from this session: its PUBLISHes and the relay's SUBSCRIBEs to it. */
  readonly sources = new Map<number, TrackSource>();
  /** Subscriptions served to this session, by the Request ID that created them. */
  readonly downstreams = new Map<number, Downstream<RelayTrack>>();
  readonly pending = new Map<number, PendingSubscribe>();
  /** Its accepted PUBLISH_NAMESPACEs. */
  readonly namespaces = new Map<number, TrackNamespace>();
  readonly watches = new Set<NamespaceWatch<RelayPeer>>();
  readonly fetches = new Map<number, Cancellable>();
  /** FETCH streams answering the relay's own FETCHes to this session. */
  readonly fetchStreams: FetchStreams;
  grants: readonly Grant[] = [];
  /** Set when a path authority authorized the session. */
  pathSession: PathSession | undefined;
  /** Object payload bytes received from and sent to this session. */
  readonly traffic: SessionTraffic = { bytesIn: 0, bytesOut: 0 };
  closed = false;
  private bound: MoqtSession | undefined;
  private aliasCounter = 0;

  constructor(
    readonly id: number,
    /** The transport the session runs on (the relay writes its data streams directly). */
    readonly transport: MoqTransport,
    readonly origin: PeerOrigin,
    clock: RelayClock,
    /** How long a data stream may wait for the request that explains it. */
    matchWaitMs: number,
    limits: OutboxLimits,
    onDrop: (job: DroppableJob, why: string) => void,
  ) {
    this.aliases = new AliasTable(clock);
    this.fetchStreams = new FetchStreams(clock, matchWaitMs);
    this.outbox = new Outbox(limits, onDrop);
  }

  /** The session; set by the first handler call or once the handshake completes. */
  get session(): MoqtSession {
    if (this.bound === undefined) throw new Error(`session ${this.id} is not established`);
    return this.bound;
  }

  bind(session: MoqtSession): void {
    this.bound ??= session;
  }

  get version(): Version {
    return this.session.version;
  }

  get draft(): 14 | 16 {
    return PROFILES[this.version].draft;
  }

  /** A Track Alias for a subscription served to this session (unique within it). */
  nextAlias(): number {
    return this.aliasCounter++;
  }

  /** Requests holding relay state (limit "maxRequestsPerSession"). */
  get liveRequests(): number {
    let publishes = 0;
    for (const s of this.sources.values()) if (s.kind === "publish") publishes++;
    return (
      this.downstreams.size +
      this.pending.size +
      publishes +
      this.namespaces.size +
      this.watches.size +
      this.fetches.size
    );
  }

  /** Whether this session already subscribes to `track` (served or pending). */
  subscribesTo(track: RelayTrack): boolean {
    for (const d of this.downstreams.values()) if (d.track === track) return true;
    for (const p of this.pending.values()) if (p.track === track) return true;
    return false;
  }
}
