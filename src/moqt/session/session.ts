import type { MoqStreamOptions, MoqTransport } from "../../transport/types.ts";
import type { FetchOk } from "../wire/control/fetch/fetch-ok.ts";
import type { PublishOk } from "../wire/control/publish/publish-ok.ts";
import type { SetupParameters } from "../wire/control/session/setup.ts";
import type { SubscribeOk } from "../wire/control/subscribe/subscribe-ok.ts";
import type { ControlMessage } from "../wire/control.ts";
import type { ObjectDatagram, SubgroupHeader, SubgroupObject } from "../wire/data/index.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { PROFILES, type Version } from "../wire/version.ts";
import { type MoqtCloseInfo, SessionCloser } from "./closer.ts";
import type { ControlChannel } from "./control-channel.ts";
import type { DispatchDeps } from "./control-dispatch.ts";
import { runControlLoop } from "./control-loop.ts";
import { IncomingDataStreams } from "./data-streams.ts";
import { DatagramChannel } from "./datagrams.ts";
import { type Listener, TypedEmitter } from "./emitter.ts";
import { type MoqtSessionError, MoqtUsageError } from "./errors.ts";
import type { MoqtSessionEvents } from "./events.ts";
import { FetchStreamWriter } from "./fetch-writer.ts";
import { clientHandshake, type Handshake, serverHandshake } from "./handshake.ts";
import { IncomingBidiStreams, subscribeNamespaceOverStream } from "./namespace-streams.ts";
import { NamespaceSubscription } from "./namespace-subscription.ts";
import { NamespaceRegistry } from "./namespaces.ts";
import { type MoqtSessionOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import * as build from "./request-args.ts";
import type { PeerRequestFlow } from "./request-flow.ts";
import { limitForCount, type Role } from "./request-ids.ts";
import type { RequestMessage } from "./request-kind.ts";
import { wireRequests } from "./request-wiring.ts";
import type { OutgoingRequests, RequestOptions } from "./requests-out.ts";
import type { RequestOkResult } from "./responses.ts";
import { type EncodedSubgroupObject, SubgroupWriter } from "./subgroup-writer.ts";
import { type SubscribedTrack, TrackAliases } from "./track-aliases.ts";
import { withdrawal } from "./withdraw.ts";

function otherRole(role: Role): Role {
  return role === "client" ? "server" : "client";
}

/**
 * One MoqT session over a `MoqTransport`, in either role: the SETUP handshake,
 * requests both ways with flow control, GOAWAY, data streams and datagrams.
 * Protocol errors close the session with their termination code; `closed`
 * reports how it ended. Create one with `connect` (client) or `accept` (server).
 */
export class MoqtSession {
  readonly role: Role;
  readonly version: Version;
  /** The peer's Setup Parameters. */
  readonly peerSetup: SetupParameters;
  /** Resolves (never rejects) when the session has ended, by either side. */
  readonly closed: Promise<MoqtCloseInfo>;
  private readonly transport: MoqTransport;
  private readonly channel: ControlChannel;
  private readonly closer: SessionCloser;
  private readonly events = new TypedEmitter<MoqtSessionEvents>();
  private readonly aliases = new TrackAliases();
  private readonly ownNamespaces = new NamespaceRegistry();
  private readonly flow: PeerRequestFlow;
  private readonly outgoing: OutgoingRequests;
  private readonly datagrams: DatagramChannel;
  private readonly dispatch: DispatchDeps;

  /** Client role: opens the control stream and performs the SETUP exchange. */
  static async connect(
    transport: MoqTransport,
    options: MoqtSessionOptions = {},
  ): Promise<MoqtSession> {
    const o = resolveOptions(options);
    const hs = await clientHandshake(transport, MoqtSession.handshakeOptions("client", o));
    return new MoqtSession(transport, "client", hs, o);
  }

  /** Server role: takes the client's control stream and answers its SETUP. */
  static async accept(
    transport: MoqTransport,
    options: MoqtSessionOptions = {},
  ): Promise<MoqtSession> {
    const o = resolveOptions(options);
    const hs = await serverHandshake(transport, MoqtSession.handshakeOptions("server", o));
    return new MoqtSession(transport, "server", hs, o);
  }

  private static handshakeOptions(role: Role, o: ResolvedOptions) {
    return {
      versions: o.versions,
      parameters: o.setupParameters,
      maxRequestId: limitForCount(otherRole(role), o.initialPeerRequests),
      timeoutMs: o.setupTimeoutMs,
      ...(o.onClientSetup !== undefined && { onClientSetup: o.onClientSetup }),
    };
  }

  private constructor(transport: MoqTransport, role: Role, hs: Handshake, o: ResolvedOptions) {
    this.transport = transport;
    this.role = role;
    this.version = hs.version;
    this.peerSetup = hs.peer;
    this.channel = hs.channel;
    this.closer = new SessionCloser(transport);
    this.closed = this.closer.closed;
    const wired = wireRequests({
      role,
      draft: this.draft,
      peerMaxRequestId: hs.peer.maxRequestId ?? 0,
      options: o,
      aliases: this.aliases,
      ownNamespaces: this.ownNamespaces,
      events: this.events,
      session: this,
      isClosed: () => this.closer.isClosed,
      send: (m) => this.sendControl(m),
      sendRequest: (m) => this.channel.send(m),
      withdraw: (req) => this.withdraw(req),
    });
    this.flow = wired.flow;
    this.outgoing = wired.outgoing;
    this.dispatch = wired.dispatch;
    const fail = (e: MoqtSessionError) => this.closer.fail(e);
    this.datagrams = new DatagramChannel(transport, this.version, this.events, fail);
    this.closer.onClose((error) => {
      this.outgoing.closeAll(error);
      this.events.emit("close", this.closer.result!);
    });
    for (const [type, listener] of Object.entries(o.on)) {
      this.events.on(type as keyof MoqtSessionEvents, listener as Listener<unknown>);
    }
    void runControlLoop(this.channel, this.dispatch, this.closer, transport);
    const dataLimit = o.maxPendingObjectBytes;
    void new IncomingDataStreams(transport, this.version, this.events, fail, dataLimit).run();
    void new IncomingBidiStreams(transport, this.version, this.draft, wired.incoming, fail).run();
    void this.datagrams.run();
  }

  /** The negotiated draft. */
  get draft(): 14 | 16 {
    return PROFILES[this.version].draft;
  }

  get isClosed(): boolean {
    return this.closer.isClosed;
  }

  /** Adds an event listener; returns a function that removes it. */
  on<K extends keyof MoqtSessionEvents>(
    type: K,
    listener: Listener<MoqtSessionEvents[K]>,
  ): () => void {
    return this.events.on(type, listener);
  }

  off<K extends keyof MoqtSessionEvents>(type: K, listener: Listener<MoqtSessionEvents[K]>): void {
    this.events.off(type, listener);
  }

  /** Closes the session (default NO_ERROR); requests still pending fail. */
  close(code: number = SessionErrorCode.NO_ERROR, reason = ""): void {
    this.closer.close(code, reason);
  }

  /** Tells the peer to migrate (server: optionally to `newSessionUri`). Only once. */
  goAway(newSessionUri = ""): void {
    this.dispatch.goAway.send(newSessionUri);
    this.sendControl({ kind: "goAway", newSessionUri });
  }

  // --- requests ---------------------------------------------------------------------

  subscribe(args: build.SubscribeArgs, options?: RequestOptions): Promise<SubscribeOk> {
    return this.outgoing.start("subscribe", (id) => build.subscribeMessage(args, id), options);
  }

  fetch(args: build.FetchArgs, options?: RequestOptions): Promise<FetchOk> {
    return this.outgoing.start("fetch", (id) => build.fetchMessage(args, id), options);
  }

  publish(args: build.PublishArgs, options?: RequestOptions): Promise<PublishOk> {
    return this.outgoing.start("publish", (id) => build.publishMessage(args, id), options);
  }

  async publishNamespace(
    args: build.PublishNamespaceArgs,
    options?: RequestOptions,
  ): Promise<RequestOkResult> {
    const make = (id: number) => build.publishNamespaceMessage(args, id);
    const ok = await this.outgoing.start("publishNamespace", make, options);
    this.ownNamespaces.add(ok.requestId, args.trackNamespace);
    return ok;
  }

  async subscribeNamespace(
    args: build.SubscribeNamespaceArgs,
    options: RequestOptions = {},
  ): Promise<NamespaceSubscription> {
    if (this.draft === 16) {
      const fail = (e: MoqtSessionError) => this.closer.fail(e);
      return subscribeNamespaceOverStream(
        this.transport,
        this.version,
        this.outgoing,
        args,
        options,
        fail,
      );
    }
    const make = (id: number) => build.subscribeNamespaceMessage(args, id, 14);
    const ok = await this.outgoing.start("subscribeNamespace", make, options);
    const prefix = args.trackNamespacePrefix;
    return NamespaceSubscription.onControl(ok.requestId, prefix, () =>
      this.sendControl({ kind: "unsubscribeNamespace", trackNamespacePrefix: prefix }),
    );
  }

  trackStatus(args: build.TrackStatusArgs, options?: RequestOptions): Promise<RequestOkResult> {
    return this.outgoing.start("trackStatus", (id) => build.trackStatusMessage(args, id), options);
  }

  /** Updates an earlier request; draft-14 SUBSCRIBE_UPDATE has no answer and resolves once sent. */
  requestUpdate(args: build.RequestUpdateArgs, options?: RequestOptions): Promise<RequestOkResult> {
    return this.outgoing.start(
      "requestUpdate",
      (id) => build.requestUpdateMessage(args, id),
      options,
    );
  }

  /** Lets the peer open `count` more requests (MAX_REQUEST_ID). */
  grantRequests(count: number): void {
    this.flow.grant(count);
  }

  // --- ending requests ----------------------------------------------------------------

  /** Ends subscription `requestId` as its subscriber (UNSUBSCRIBE). */
  unsubscribe(requestId: number): void {
    this.aliases.release(requestId);
    this.sendControl({ kind: "unsubscribe", requestId });
  }

  /** Ends subscription `requestId` as its publisher (PUBLISH_DONE); `statusCode` per draft. */
  publishDone(requestId: number, statusCode: number, reason = "", streamCount?: number): void {
    this.sendControl({
      kind: "publishDone",
      requestId,
      statusCode,
      reason,
      ...(streamCount !== undefined && { streamCount }),
    });
  }

  /** Cancels FETCH `requestId` (FETCH_CANCEL). */
  fetchCancel(requestId: number): void {
    this.sendControl({ kind: "fetchCancel", requestId });
  }

  /** Withdraws this endpoint's accepted PUBLISH_NAMESPACE `requestId`. */
  publishNamespaceDone(requestId: number): void {
    const target = this.ownNamespaces.take(requestId, this.draft);
    if (target === undefined) throw new MoqtUsageError(`no PUBLISH_NAMESPACE ${requestId} to end`);
    this.sendControl({ kind: "publishNamespaceDone", ...target });
  }

  /** Revokes the acceptance of the peer's PUBLISH_NAMESPACE `requestId`. */
  publishNamespaceCancel(requestId: number, errorCode: number, reason = ""): void {
    const target = this.dispatch.peerNamespaces.take(requestId, this.draft);
    if (target === undefined)
      throw new MoqtUsageError(`no PUBLISH_NAMESPACE ${requestId} to cancel`);
    this.sendControl({ kind: "publishNamespaceCancel", ...target, errorCode, reason });
  }

  // --- data ---------------------------------------------------------------------------

  /**
   * Opens a subgroup stream (header queued, with Object `first` when given);
   * `sendOrder` prioritises it where supported.
   */
  openSubgroup(
    header: SubgroupHeader,
    options?: MoqStreamOptions,
    first?: SubgroupObject | EncodedSubgroupObject,
  ): Promise<SubgroupWriter> {
    return SubgroupWriter.open(this.transport, header, this.version, options, first);
  }

  /** Opens the response stream of FETCH `requestId`. */
  openFetchStream(requestId: number, options?: MoqStreamOptions): Promise<FetchStreamWriter> {
    return FetchStreamWriter.open(this.transport, requestId, this.version, options);
  }

  /** Sends an Object datagram; false when it exceeds the datagram size limit or the session ended. */
  sendDatagram(datagram: ObjectDatagram): boolean {
    return !this.closer.isClosed && this.datagrams.send(datagram);
  }

  /** The subscription receiving Objects under Track Alias `alias`. */
  trackForAlias(alias: number): SubscribedTrack | undefined {
    return this.aliases.lookup(alias);
  }

  // --- internals ----------------------------------------------------------------------

  private sendControl(msg: ControlMessage): void {
    if (!this.closer.isClosed) this.channel.send(msg);
  }

  /** Ends a request withdrawn after it was sent. */
  private withdraw(req: RequestMessage): void {
    if (req.kind === "subscribe") this.aliases.release(req.requestId);
    const msg = withdrawal(req, this.draft);
    if (msg !== undefined) this.sendControl(msg);
  }
}
