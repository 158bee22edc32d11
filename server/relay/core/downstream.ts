// One subscription the relay serves to a subscriber (started by the subscriber's
// SUBSCRIBE or by the relay's PUBLISH): its filter window, Forward State and
// priority, its open subgroup streams, and how it ends (PUBLISH_DONE or UNSUBSCRIBE).
import { type MoqtSession, StreamResetCode } from "../../../src/moqt/session/index.ts";
import {
  type GroupOrder,
  type KeyValuePair,
  type Location,
  PROFILES,
  type Version,
} from "../../../src/moqt/wire/index.ts";
import type { SubscriptionFilter } from "../../../src/moqt/wire/subscription-filter.ts";
import type {
  MoqSendStream,
  MoqStreamOptions,
  MoqTransport,
} from "../../../src/transport/types.ts";
import { capabilityPair } from "./capability.ts";
import type { RelayClock, TimerHandle } from "./clock.ts";
import { passes, type Window } from "./filter.ts";
import { OutStream, type OutStreamOwner } from "./out-stream.ts";
import type { Outbox } from "./outbox.ts";
import { type DoneStatus, doneCode } from "./publish-done.ts";
import { type RelayObject, representable, toDatagram } from "./relay-object.ts";
import type { SharedEncoding } from "./shared-encoding.ts";
import type { UpstreamSubgroup } from "./upstream-stream.ts";

/** The subscriber side a subscription lives in. */
export interface DownstreamHost {
  readonly session: MoqtSession;
  /** The session's transport, on which the subscription's streams are opened. */
  readonly transport: MoqTransport;
  readonly outbox: Outbox;
  readonly clock: RelayClock;
  readonly drainMs: number;
  /** The subscription ended (either way); forget it. */
  ended(d: Downstream): void;
  /** An Object's payload of `bytes` was handed to the session. */
  sent(bytes: number): void;
  /** A subscriber stream's transport accepted an Object that arrived at `receivedAtMs`. */
  forwarded(receivedAtMs: number): void;
}

/** What a subscription reads from its track. */
export interface TrackFacts {
  readonly capability: string | undefined;
  /** draft-16 DELIVERY_TIMEOUT Track Extension. */
  readonly deliveryTimeoutMs: number | undefined;
  /** MAX_CACHE_DURATION (draft-16 Track Extension, draft-14 parameter). */
  readonly maxCacheDurationMs: number | undefined;
}

/** How a subscription was set up. */
export interface DownstreamInit {
  readonly requestId: number;
  readonly trackAlias: number;
  readonly window: Window;
  readonly forward: boolean;
  readonly subscriberPriority: number;
  /** Ascending or Descending (the subscriber's, else the publisher's preference). */
  readonly groupOrder: GroupOrder;
  /** The filter of a SUBSCRIBE (Joining FETCH needs Largest Object). */
  readonly filter: SubscriptionFilter | undefined;
  /** The Largest Location sent in SUBSCRIBE_OK / PUBLISH (Joining FETCH range). */
  readonly largest: Location | undefined;
  /** Whether the relay started it with PUBLISH. */
  readonly viaPublish: boolean;
  /** The subscriber's DELIVERY TIMEOUT parameter (SUBSCRIBE / PUBLISH_OK). */
  readonly deliveryTimeoutMs: number | undefined;
}

const MAX_DROPPED_KEYS = 512;

/** A subscription served by the relay, on a track `T`. */
export class Downstream<T extends TrackFacts = TrackFacts> implements OutStreamOwner {
  /** False until the answer carrying the Track Alias was sent. */
  active = false;
  newestGroupId = -1;
  window: Window;
  forward: boolean;
  subscriberPriority: number;
  deliveryTimeoutMs: number | undefined;
  private readonly streams = new Map<string, OutStream>();
  /** The open stream each upstream stream feeds (one subgroup each), for its end. */
  private readonly bySource = new Map<object, OutStream>();
  private readonly droppedKeys = new Set<string>();
  private opened = 0;
  private taggedGroup = -1;
  private state: "live" | "ending" | "ended" = "live";
  private ending: { status: DoneStatus; reason: string; timer: TimerHandle } | undefined;

  constructor(
    private readonly host: DownstreamHost,
    readonly track: T,
    readonly init: DownstreamInit,
  ) {
    this.window = init.window;
    this.forward = init.forward;
    this.subscriberPriority = init.subscriberPriority;
    this.deliveryTimeoutMs = init.deliveryTimeoutMs;
  }

  get requestId(): number {
    return this.init.requestId;
  }
  get trackAlias(): number {
    return this.init.trackAlias;
  }
  get groupOrder(): GroupOrder {
    return this.init.groupOrder;
  }
  get version(): Version {
    return this.host.session.version;
  }
  get isLive(): boolean {
    return this.state === "live";
  }
  /** Streams opened so far (PUBLISH_DONE Stream Count). */
  get streamCount(): number {
    return this.opened;
  }

  sent(o: RelayObject): void {
    this.host.sent(o.payload.length);
    this.host.forwarded(o.receivedAtMs);
  }

  openStream(options: MoqStreamOptions): Promise<MoqSendStream> {
    return this.host.transport.createUnidirectionalStream(options);
  }

  /** The answer was sent: streams may open. */
  activate(): void {
    if (this.active) return;
    this.active = true;
    this.host.outbox.schedule();
  }

  /** An Object arrived on upstream stream `up`; `enc` shares its bytes among subscribers. */
  onObject(enc: SharedEncoding, up: UpstreamSubgroup): void {
    const o = enc.object;
    const key = enc.streamKey;
    if (this.state === "ending") {
      // A stream open when the subscription began ending carries on until its upstream ends.
      const open = this.streams.get(key);
      if (open !== undefined && open.source === up) open.push(enc);
      return;
    }
    if (!this.accepts(o)) return;
    if (this.droppedKeys.has(key)) return;
    let s = this.streams.get(key);
    let extra: KeyValuePair | undefined;
    if (s === undefined) {
      extra = this.capabilityExtra(o.groupId);
      s = new OutStream(
        this,
        this.host.outbox,
        {
          groupId: o.groupId,
          subgroupId: o.subgroupId ?? 0,
          publisherPriority: o.publisherPriority,
          endOfGroup: up.endOfGroup,
          hasExtensions: up.hasExtensions || extra !== undefined,
        },
        up,
        key,
      );
      this.streams.set(key, s);
      this.bySource.set(up, s);
      if (o.groupId > this.newestGroupId) this.newestGroupId = o.groupId;
      // Queued before the stream is submitted, so that it opens with its first Object.
      s.push(enc, extra);
      if (!s.isDone) this.host.outbox.submit(s, s);
      return;
    }
    // §"Closing Subgroup Streams": only the next Object goes on an existing stream.
    if (s.source === up) s.push(enc, extra);
  }

  /** Upstream stream `up` ended: FIN (clean) or reset the streams it fed. */
  onSubgroupEnd(up: UpstreamSubgroup, clean: boolean): void {
    const s = this.bySource.get(up);
    if (s === undefined) return;
    if (clean) s.end();
    else s.drop(StreamResetCode.INTERNAL_ERROR);
  }

  /**
   * Whether `o` is too old to start sending: §"DELIVERY TIMEOUT Parameter" (the
   * minimum of the subscriber's and the track's) and §"MAX CACHE DURATION" (an
   * Object is not forwarded once that long has passed since it was received).
   */
  expired(o: RelayObject): boolean {
    // Called once per Object and subscriber: no array, no clock read without a limit.
    const limit = Math.min(
      this.deliveryTimeoutMs ?? Number.POSITIVE_INFINITY,
      this.track.deliveryTimeoutMs ?? Number.POSITIVE_INFINITY,
      this.track.maxCacheDurationMs ?? Number.POSITIVE_INFINITY,
    );
    return limit !== Number.POSITIVE_INFINITY && this.host.clock.nowMs() - o.receivedAtMs > limit;
  }

  /** An Object datagram arrived: forwarded as a datagram (§"Datagrams"), best effort. */
  onDatagram(o: RelayObject): void {
    if (!this.active || !this.accepts(o) || this.expired(o)) return;
    if (o.groupId > this.newestGroupId) this.newestGroupId = o.groupId;
    const extra = this.capabilityExtra(o.groupId);
    try {
      this.host.session.sendDatagram(toDatagram(o, this.init.trackAlias, this.version, extra));
      this.host.sent(o.payload.length);
    } catch {
      // not representable for this peer; datagrams are best effort
    }
  }

  /** REQUEST_UPDATE / SUBSCRIBE_UPDATE. Turning Forward off resets open streams. */
  update(u: {
    forward?: boolean;
    subscriberPriority?: number;
    window?: Window;
    deliveryTimeoutMs?: number;
  }): void {
    if (u.subscriberPriority !== undefined && u.subscriberPriority !== this.subscriberPriority) {
      this.subscriberPriority = u.subscriberPriority;
      this.host.outbox.reorder(); // the send order of its waiting streams changed
    }
    if (u.deliveryTimeoutMs !== undefined) this.deliveryTimeoutMs = u.deliveryTimeoutMs;
    if (u.window !== undefined) this.window = u.window;
    if (u.forward !== undefined && u.forward !== this.forward) {
      this.forward = u.forward;
      // §"Closing Subgroup Streams": omitting Objects for the Forward State is a reset.
      if (!u.forward) for (const s of [...this.streams.values()]) s.drop();
    }
  }

  /** UNSUBSCRIBE, or the subscriber's session ended: reset every stream, no PUBLISH_DONE. */
  cancel(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    if (this.ending !== undefined) this.host.clock.clearTimeout(this.ending.timer);
    // §"Subscription State Management": the publisher MUST reset open streams on UNSUBSCRIBE.
    for (const s of [...this.streams.values()]) s.drop(StreamResetCode.CANCELLED);
    this.host.ended(this);
  }

  /**
   * Ends the subscription with PUBLISH_DONE once its streams are closed
   * (§"PUBLISH_DONE": not before every stream it will open is closed). Open
   * streams finish with their upstream stream: FIN when it ended cleanly, reset
   * otherwise (§"Closing Subgroup Streams": a FIN says every Object was sent);
   * streams still open after `drainMs` are reset.
   */
  finish(status: DoneStatus, reason = ""): void {
    if (this.state !== "live") return;
    this.state = "ending";
    const timer = this.host.clock.setTimeout(() => {
      for (const s of [...this.streams.values()]) s.drop(StreamResetCode.CANCELLED);
    }, this.host.drainMs);
    this.ending = { status, reason, timer };
    this.settle();
  }

  streamOpened(): void {
    this.opened++;
  }

  streamDone(stream: OutStream, dropped: boolean): void {
    const key = stream.key;
    if (this.streams.get(key) === stream) this.streams.delete(key);
    if (this.bySource.get(stream.source) === stream) this.bySource.delete(stream.source);
    if (dropped) this.rememberDropped(key);
    this.settle();
  }

  private accepts(o: RelayObject): boolean {
    if (this.state !== "live" || !this.forward) return false;
    if (!representable(o, this.version)) return false;
    if (passes(this.window, o.groupId, o.objectId)) return true;
    const end = this.window.endGroup;
    if (end !== undefined && o.groupId > end) {
      this.finish("SUBSCRIPTION_ENDED", "end of the requested range");
    }
    return false;
  }

  /**
   * draft-14 has no Track Extensions: the capability rides as an Object Extension
   * Header on the first Object of every Group (README.md "Capability on the wire").
   */
  private capabilityExtra(groupId: number): KeyValuePair | undefined {
    const cap = this.track.capability;
    if (cap === undefined || PROFILES[this.version].draft !== 14) return undefined;
    if (groupId <= this.taggedGroup) return undefined;
    this.taggedGroup = groupId;
    return capabilityPair(cap);
  }

  private rememberDropped(key: string): void {
    this.droppedKeys.add(key);
    if (this.droppedKeys.size <= MAX_DROPPED_KEYS) return;
    const floor = this.newestGroupId - 8;
    for (const k of this.droppedKeys) {
      if (Number(k.split(":")[0]) < floor) this.droppedKeys.delete(k);
    }
  }

  private settle(): void {
    const e = this.ending;
    if (this.state !== "ending" || e === undefined || this.streams.size > 0) return;
    this.state = "ended";
    this.host.clock.clearTimeout(e.timer);
    const draft = PROFILES[this.version].draft;
    if (!this.host.session.isClosed) {
      this.host.session.publishDone(
        this.requestId,
        doneCode(e.status, draft),
        e.reason,
        this.opened,
      );
    }
    this.host.ended(this);
  }
}
