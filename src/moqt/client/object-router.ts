// Routes what arrives on one session to the client's handles: subgroup streams
// and datagrams by Track Alias to their subscription, FETCH streams by Request
// ID, PUBLISH_DONE / UNSUBSCRIBE by Request ID. A stream can arrive before the
// request it belongs to has resolved here, so it waits ("parks") a little.
import type { PublishAccept } from "../session/answers.ts";
import { MoqtRequestError } from "../session/errors.ts";
import type { MoqtRequestHandler } from "../session/handler.ts";
import type { IncomingFetchStream, IncomingSubgroupStream } from "../session/incoming-streams.ts";
import type { MoqtSessionListeners } from "../session/options.ts";
import { RequestErrorName } from "../session/request-error-codes.ts";
import type { MoqtSession } from "../session/session.ts";
import type { Publish } from "../wire/control/publish/publish.ts";
import type { PublishDone } from "../wire/control/subscribe/publish-done.ts";
import type { ObjectDatagram } from "../wire/data/datagram.ts";
import { StreamResetCode } from "../wire/error-codes.ts";
import { namespaceHasPrefix, type TrackNamespace } from "../wire/namespace.ts";

/** Receives the data of one subscription (SUBSCRIBE Request ID). */
export interface SubscriptionSink {
  /** A subgroup stream of the subscription arrived. */
  onStream(stream: IncomingSubgroupStream): void;
  /** An Object datagram of the subscription arrived. */
  onDatagram(datagram: ObjectDatagram): void;
  /** The relay ended the subscription. */
  onPublishDone(done: PublishDone): void;
}

/** Receives the relay's PUBLISH offers under a namespace prefix (`MoqtClient.tracks`). */
export interface DiscoverySink {
  readonly trackNamespacePrefix: TrackNamespace;
  /** Accepts (or throws a MoqtRequestError to decline) an offered track. */
  onPublish(req: Publish): PublishAccept;
}

/** How long a stream waits for its request to be known before it is stopped. */
const PARK_TIMEOUT_MS = 3000;

interface Parked {
  readonly matches: () => boolean;
  readonly deliver: () => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** The per-session routing table. */
export class ObjectRouter {
  private session: MoqtSession | undefined;
  private readonly subscriptions = new Map<number, SubscriptionSink>();
  private readonly fetches = new Map<number, (s: IncomingFetchStream) => void>();
  private readonly publications = new Map<number, () => void>();
  private readonly parked = new Set<Parked>();
  private readonly discoveries = new Set<DiscoverySink>();
  private goAway: ((newSessionUri: string) => void) | undefined;

  /** When anything last arrived from the relay (ms since the epoch), for the keepalive. */
  lastInboundMs = 0;

  /** Something arrived from the relay. */
  touch(): void {
    this.lastInboundMs = Date.now();
  }

  /** Listeners to pass to `MoqtSession.connect`, so nothing sent right after SETUP is missed. */
  listeners(): MoqtSessionListeners {
    return {
      subgroupStream: (s) => {
        this.touch();
        this.onSubgroup(s);
      },
      datagram: (d) => {
        this.touch();
        this.sinkForAlias(d.trackAlias)?.onDatagram(d);
      },
      fetchStream: (s) => {
        this.touch();
        this.onFetch(s);
      },
      publishDone: (m) => {
        this.touch();
        this.subscriptions.get(m.requestId)?.onPublishDone(m);
      },
      unsubscribe: ({ requestId }) => {
        this.touch();
        this.publications.get(requestId)?.();
      },
      goAway: (e) => this.goAway?.(e.newSessionUri),
      close: () => this.shut(),
    };
  }

  /**
   * Answers the relay's requests: a PUBLISH (draft-14 also PUBLISH_NAMESPACE)
   * under a prefix some `tracks()` watches is accepted, anything else declined
   * UNINTERESTED.
   */
  handler(): MoqtRequestHandler {
    const sinkFor = (ns: TrackNamespace) => {
      for (const d of this.discoveries)
        if (namespaceHasPrefix(ns, d.trackNamespacePrefix)) return d;
      throw MoqtRequestError.reject(RequestErrorName.UNINTERESTED, "no tracks() under it");
    };
    return {
      publish: (req) => sinkFor(req.trackNamespace).onPublish(req),
      publishNamespace: (req) => {
        sinkFor(req.trackNamespace);
        return undefined;
      },
    };
  }

  /** Routes offered tracks under `sink.trackNamespacePrefix` to `sink`. */
  addDiscovery(sink: DiscoverySink): void {
    this.discoveries.add(sink);
  }

  /** Stops routing offers to `sink`. */
  removeDiscovery(sink: DiscoverySink): void {
    this.discoveries.delete(sink);
  }

  /** Binds the session once its SETUP completed; `onGoAway` runs on the relay's GOAWAY. */
  bind(session: MoqtSession, onGoAway: (newSessionUri: string) => void): void {
    this.session = session;
    this.goAway = onGoAway;
    this.retryParked();
  }

  /** Routes the data of SUBSCRIBE `requestId` to `sink` (and any stream parked for it). */
  addSubscription(requestId: number, sink: SubscriptionSink): void {
    this.subscriptions.set(requestId, sink);
    this.retryParked();
  }

  /** Stops routing SUBSCRIBE `requestId`. */
  removeSubscription(requestId: number): void {
    this.subscriptions.delete(requestId);
  }

  /**
   * Stops routing SUBSCRIBE `requestId` once streams of it still in flight had
   * the time a parked stream gets.
   */
  removeSubscriptionLater(requestId: number): void {
    setTimeout(() => this.removeSubscription(requestId), PARK_TIMEOUT_MS);
  }

  /** Hands the response stream of FETCH `requestId` to `onStream`. */
  addFetch(requestId: number, onStream: (s: IncomingFetchStream) => void): void {
    this.fetches.set(requestId, onStream);
    this.retryParked();
  }

  /** Stops routing FETCH `requestId`. */
  removeFetch(requestId: number): void {
    this.fetches.delete(requestId);
  }

  /** `onUnsubscribe` runs when the relay ends the PUBLISH `requestId` with UNSUBSCRIBE. */
  addPublication(requestId: number, onUnsubscribe: () => void): void {
    this.publications.set(requestId, onUnsubscribe);
  }

  /** Forgets PUBLISH `requestId`. */
  removePublication(requestId: number): void {
    this.publications.delete(requestId);
  }

  private sinkForAlias(alias: number): SubscriptionSink | undefined {
    const track = this.session?.trackForAlias(alias);
    return track === undefined ? undefined : this.subscriptions.get(track.requestId);
  }

  private onSubgroup(s: IncomingSubgroupStream): void {
    const sink = this.sinkForAlias(s.header.trackAlias);
    if (sink !== undefined) sink.onStream(s);
    else
      this.park(
        () => this.sinkForAlias(s.header.trackAlias) !== undefined,
        () => this.sinkForAlias(s.header.trackAlias)?.onStream(s),
        () => s.cancel(StreamResetCode.CANCELLED),
      );
  }

  private onFetch(s: IncomingFetchStream): void {
    const id = s.header.requestId;
    const take = this.fetches.get(id);
    if (take !== undefined) take(s);
    else
      this.park(
        () => this.fetches.has(id),
        () => this.fetches.get(id)?.(s),
        () => s.cancel(StreamResetCode.CANCELLED),
      );
  }

  private park(matches: () => boolean, deliver: () => void, drop: () => void): void {
    const entry: Parked = {
      matches,
      deliver,
      timer: setTimeout(() => {
        this.parked.delete(entry);
        drop();
      }, PARK_TIMEOUT_MS),
    };
    this.parked.add(entry);
  }

  private retryParked(): void {
    for (const p of [...this.parked]) {
      if (!p.matches()) continue;
      clearTimeout(p.timer);
      this.parked.delete(p);
      p.deliver();
    }
  }

  private shut(): void {
    for (const p of this.parked) clearTimeout(p.timer);
    this.parked.clear();
  }
}
