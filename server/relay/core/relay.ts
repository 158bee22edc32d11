// The transport-independent relay of the local dev server. Listeners (HTTP/3 +
// WebTransport, QMux over WebSocket) hand every accepted transport to `accept`.
import { type MoqtCloseInfo, MoqtSession } from "../../../src/moqt/session/index.ts";
import { MessageParam, SessionErrorCode } from "../../../src/moqt/wire/index.ts";
import type { MoqTransport } from "../../../src/transport/types.ts";
import { Authenticator } from "./auth/authenticator.ts";
import { closeAtExpiry } from "./auth/expiry.ts";
import type { Grant } from "./auth/grant.ts";
import { CacheBudget } from "./cache-budget.ts";
import type { RelayContext } from "./context.ts";
import { ForwardDelay } from "./forward-delay.ts";
import { relayHandler } from "./handler.ts";
import { HeldSubscribes } from "./hold.ts";
import { NamespaceWatches } from "./namespace-watch.ts";
import { NamespaceTable } from "./namespaces.ts";
import { type RelayOptions, resolveRelayOptions } from "./options.ts";
import type { OutboxStats } from "./outbox.ts";
import { RelayPeer } from "./peer.ts";
import { peerListeners } from "./peer-events.ts";
import { RelayEvents } from "./relay-events.ts";
import {
  selects,
  type TrackEvent,
  type TrackInfo,
  TrackRegistry,
  type TrackSelector,
  trackInfo,
} from "./tracks.ts";

/** What the listener knows about an accepted transport. */
export interface AcceptInfo {
  /** The request path (WebTransport URL path or the QMux endpoint). */
  readonly path?: string;
  /** The URL query ("jwt=..." may carry the token). */
  readonly query?: string | URLSearchParams;
  /** The peer's host address (no port): its log records are rate-limited together. */
  readonly address?: string;
  /**
   * Rights the hosting process gives its own in-process clients (the engine),
   * in place of tokens. Network listeners never set it, so no peer can claim it.
   */
  readonly grants?: readonly Grant[];
}

/** An established relay session. */
export interface RelaySessionHandle {
  readonly id: number;
  /** Resolves when the session ends. */
  readonly closed: Promise<MoqtCloseInfo>;
}

/** A snapshot of the relay's load. */
export interface RelayStats {
  readonly sessions: number;
  readonly tracks: number;
  readonly cacheBytes: number;
  readonly heldSubscribes: number;
  /** Outgoing stream state per session id. */
  readonly outboxes: ReadonlyMap<number, OutboxStats>;
  /**
   * Forward delays since the relay started (`ForwardDelay.snapshot`): how long
   * Objects waited in the relay until each subscriber's transport accepted them.
   */
  readonly forwardDelayMs: [number, number][];
}

/** A MoQT relay (draft-14 and draft-16 sessions, mixed freely). */
export class Relay {
  private readonly ctx: RelayContext;
  private readonly events = new RelayEvents();
  private nextId = 1;

  constructor(options: RelayOptions) {
    const o = resolveRelayOptions(options);
    const budget = new CacheBudget(o.limits.maxCacheBytes);
    this.ctx = {
      options: o,
      auth: new Authenticator(o.auth, o.clock),
      tracks: new TrackRegistry(
        { maxBytes: o.limits.maxCacheBytesPerTrack, maxGroups: o.limits.maxCachedGroupsPerTrack },
        budget,
        (e) => this.events.emit(e),
      ),
      namespaces: new NamespaceTable(),
      watches: new NamespaceWatches(),
      held: new HeldSubscribes(o.limits, o.clock),
      budget,
      peers: new Set(),
      forwardDelay: new ForwardDelay(),
    };
  }

  /**
   * Runs a MoQT session on `transport` (the server side of the SETUP exchange,
   * with authorization). Resolves with the session once established, or
   * undefined when it was refused; never rejects.
   */
  async accept(
    transport: MoqTransport,
    info: AcceptInfo = {},
  ): Promise<RelaySessionHandle | undefined> {
    const { limits, logger, clock, versions, implementation, pathAuthority } = this.ctx.options;
    const id = this.nextId++;
    if (this.ctx.peers.size >= limits.maxSessions) {
      logger.log("warn", "session.refused", {
        session: id,
        address: info.address,
        reason: "session limit",
        limit: limits.maxSessions,
      });
      transport.close({
        closeCode: SessionErrorCode.INTERNAL_ERROR,
        reason: `relay limit maxSessions (${limits.maxSessions}) reached`,
      });
      return undefined;
    }
    const query = new URLSearchParams(info.query ?? "");
    const peer = new RelayPeer(
      id,
      transport,
      { path: info.path, query, address: info.address },
      clock,
      limits.aliasWaitMs,
      {
        maxOpenStreams: limits.maxOpenStreamsPerSession,
        maxQueuedBytes: limits.maxQueuedBytesPerSession,
      },
      (job, why) => logger.log("info", "queue.dropped", { session: id, group: job.groupId, why }),
    );
    this.ctx.peers.add(peer);
    try {
      const session = await MoqtSession.accept(transport, {
        ...(versions !== undefined && { versions }),
        handler: relayHandler(this.ctx, peer),
        on: peerListeners(this.ctx, peer),
        // RENDEZVOUS_TIMEOUT in SERVER_SETUP: this relay takes the SUBSCRIBE parameter
        // (draft-16 §"Parameters": Message Parameters negotiated via Setup Parameters),
        // and holds a request at most this long.
        setupParameters: {
          implementation,
          unknown: [{ type: MessageParam.RENDEZVOUS_TIMEOUT, value: limits.holdTimeoutMs }],
        },
        // A little over the Object bound: the session stops a stream whose Object outgrows it.
        maxPendingObjectBytes: limits.maxObjectBytes + 64,
        onClientSetup: async (setup) => {
          if (info.grants !== undefined) {
            peer.grants = info.grants;
            return;
          }
          peer.pathSession = await pathAuthority?.authorize(peer.origin);
          peer.grants = peer.pathSession?.grants ?? (await this.ctx.auth.forSetup(setup, query));
        },
      });
      peer.bind(session);
      closeAtExpiry(session, peer.grants, clock);
      void session.closed.then(() => peer.pathSession?.ended?.(peer.traffic));
      logger.log("info", "session.accepted", {
        session: id,
        address: info.address,
        draft: peer.draft,
        path: info.path,
        subject: peer.grants.map((g) => g.subject).filter((s) => s !== undefined),
      });
      return { id, closed: session.closed };
    } catch (e) {
      this.ctx.peers.delete(peer);
      peer.pathSession?.ended?.(peer.traffic);
      logger.log("warn", "session.refused", {
        session: id,
        address: info.address,
        reason: e instanceof Error ? e.message : String(e),
      });
      return undefined;
    }
  }

  /** Tracks with at least one publisher that match `selector`. */
  tracks(selector: TrackSelector = {}): TrackInfo[] {
    return this.ctx.tracks
      .all()
      .filter((t) => t.sources.size > 0)
      .map(trackInfo)
      .filter((i) => selects(selector, i));
  }

  /**
   * Calls `listener` for every change of a track matching `selector` (and, with
   * `replay`, once as "available" for each matching track already there).
   * Returns a function that stops it.
   */
  watchTracks(
    selector: TrackSelector,
    listener: (e: TrackEvent) => void,
    options: { replay?: boolean } = {},
  ): () => void {
    const off = this.events.on((e) => {
      if (selects(selector, e.track)) listener(e);
    });
    if (options.replay ?? true) {
      for (const track of this.tracks(selector)) listener({ type: "available", track });
    }
    return off;
  }

  /** Current load. */
  stats(): RelayStats {
    const outboxes = new Map<number, OutboxStats>();
    for (const p of this.ctx.peers) outboxes.set(p.id, p.outbox.stats);
    return {
      sessions: this.ctx.peers.size,
      tracks: this.ctx.tracks.size,
      cacheBytes: this.ctx.budget.bytes,
      heldSubscribes: this.ctx.held.count,
      outboxes,
      forwardDelayMs: this.ctx.forwardDelay.snapshot(),
    };
  }

  /**
   * Sends GOAWAY (§"GOAWAY") to every established session that has not had one;
   * `newSessionUri` "" asks clients to reconnect to the same URI. Returns how many
   * sessions were told.
   */
  goAway(newSessionUri = ""): number {
    let told = 0;
    for (const p of this.ctx.peers) {
      try {
        p.session.goAway(newSessionUri);
        told++;
      } catch {
        // still in its handshake, or already told
      }
    }
    return told;
  }

  /** Closes every session (NO_ERROR). */
  close(reason = "relay shutting down"): void {
    for (const p of [...this.ctx.peers]) {
      try {
        p.session.close(SessionErrorCode.NO_ERROR, reason);
      } catch {
        // still in its handshake: it fails on its own
      }
    }
  }
}
