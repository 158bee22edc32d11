// One subgroup stream toward a subscriber (draft-14/16 §"Subgroup Header",
// §"Closing Subgroup Streams"): opened when a slot is free, fed Objects in the
// order they arrived on one upstream stream, FIN once that stream ended cleanly,
// reset when given up before every Object was written.
import {
  StreamResetCode,
  type SubgroupHeader,
  sendOrderFor,
} from "../../../src/moqt/session/index.ts";
import { encodeSubgroupHeader, SubgroupIdMode } from "../../../src/moqt/wire/data/index.ts";
import type { GroupOrder, KeyValuePair, Version } from "../../../src/moqt/wire/index.ts";
import { streamError } from "../../../src/transport/errors.ts";
import type { MoqSendStream, MoqStreamOptions } from "../../../src/transport/types.ts";
import type { DroppableJob, Outbox } from "./outbox.ts";
import type { RelayObject } from "./relay-object.ts";
import type { SharedEncoding } from "./shared-encoding.ts";

/** What an outgoing stream needs from its subscription. */
export interface OutStreamOwner {
  readonly version: Version;
  readonly trackAlias: number;
  readonly subscriberPriority: number;
  readonly groupOrder: GroupOrder;
  /** The subscription's answer was sent: its streams may open. */
  readonly active: boolean;
  /** Largest Group ID the subscription has started a stream for. */
  readonly newestGroupId: number;
  /** Whether an Object is too old to start sending (delivery timeout, cache duration). */
  expired(o: RelayObject): boolean;
  /** Opens a unidirectional stream on the subscriber's transport. */
  openStream(options: MoqStreamOptions): Promise<MoqSendStream>;
  /** Object `o` was written to the stream (its transport accepted it). */
  sent(o: RelayObject): void;
  /** A stream of this subscription was opened (PUBLISH_DONE Stream Count). */
  streamOpened(): void;
  /** The stream finished (`dropped`: given up before its end). */
  streamDone(stream: OutStream, dropped: boolean): void;
}

/** The shape of the outgoing stream, fixed when it is created. */
export interface OutStreamShape {
  readonly groupId: number;
  readonly subgroupId: number;
  readonly publisherPriority: number;
  readonly endOfGroup: boolean;
  readonly hasExtensions: boolean;
}

const ignore = () => undefined;

/** `items`' bytes back to back, after `head` when given. */
function concatBytes(items: readonly Queued[], head?: Uint8Array): Uint8Array {
  let length = head?.length ?? 0;
  for (const q of items) length += q.bytes.length;
  const out = new Uint8Array(length);
  let offset = 0;
  if (head !== undefined) {
    out.set(head);
    offset = head.length;
  }
  for (const q of items) {
    out.set(q.bytes, offset);
    offset += q.bytes.length;
  }
  return out;
}

interface Queued {
  readonly object: RelayObject;
  /** The Object as this stream carries it, often the very buffer other streams get. */
  readonly bytes: Uint8Array;
  readonly cost: number;
  /** Where `bytes` came from when other subscribers share them (no extension of this stream's own). */
  readonly shared: SharedEncoding | undefined;
}

type State = "queued" | "opening" | "open" | "done";

/** A subgroup stream to one subscriber. */
export class OutStream implements DroppableJob {
  private state: State = "queued";
  private readonly queue: Queued[] = [];
  private pending = 0;
  private ended = false;
  private writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  private head: SubgroupHeader | undefined;
  /** The last Object queued (Object ID Delta of the next one). */
  private lastObjectId: number | undefined;
  /** A write is in flight: the next one waits for it (the transport's backpressure). */
  private writing = false;
  /** The Object being written and its cost (set with `writing`; its handlers are bound once per stream). */
  private inFlight: RelayObject | undefined;
  private inFlightCost = 0;
  /** Or the Objects being written together. */
  private inFlightBatch: Queued[] | undefined;
  private release: (() => void) | undefined;
  /** The send order, for the subscriber priority it was computed with. */
  private order: { readonly subscriberPriority: number; readonly value: number } | undefined;

  constructor(
    private readonly owner: OutStreamOwner,
    private readonly outbox: Outbox,
    readonly shape: OutStreamShape,
    /** The upstream stream feeding it (objects from any other one are not "next"). */
    readonly source: object,
    /** "Group:Subgroup", its key among the subscription's streams. */
    readonly key: string,
  ) {}

  get groupId(): number {
    return this.shape.groupId;
  }
  get publisherPriority(): number {
    return this.shape.publisherPriority;
  }
  get subscriberPriority(): number {
    return this.owner.subscriberPriority;
  }
  get newest(): boolean {
    return this.shape.groupId >= this.owner.newestGroupId;
  }
  get superseded(): boolean {
    return !this.newest;
  }
  get pendingBytes(): number {
    return this.pending;
  }
  get draining(): boolean {
    return this.state === "open" && this.ended && this.queue.length === 0;
  }
  get ready(): boolean {
    return this.owner.active;
  }
  get isDone(): boolean {
    return this.state === "done";
  }
  get sendOrder(): number {
    // Read for every waiting stream each time a slot frees: computed again only
    // when the subscriber priority changed.
    const subscriberPriority = this.owner.subscriberPriority;
    if (this.order?.subscriberPriority !== subscriberPriority) {
      const value = sendOrderFor({
        subscriberPriority,
        publisherPriority: this.shape.publisherPriority,
        groupId: this.shape.groupId,
        groupOrder: this.owner.groupOrder,
      });
      this.order = { subscriberPriority, value };
    }
    return this.order.value;
  }

  /**
   * Queues the next Object, or writes it at once when the stream is idle (no
   * allocation of ours per Object then); `extra` is an extension the relay adds to it.
   */
  push(encoding: SharedEncoding, extra?: KeyValuePair): void {
    if (this.state === "done" || this.ended) return;
    const object = encoding.object;
    let bytes: Uint8Array;
    try {
      bytes = encoding.subgroup(this.owner.version, this.header(), this.lastObjectId, extra);
    } catch {
      this.drop(StreamResetCode.INTERNAL_ERROR); // not representable for this peer
      return;
    }
    this.lastObjectId = object.objectId;
    const cost = encoding.cost;
    this.pending += cost;
    this.outbox.charge(cost); // may drop this very stream (over the byte bound)
    if (this.isDone) return;
    const writer = this.writer;
    if (
      writer !== undefined &&
      this.state === "open" &&
      !this.writing &&
      this.queue.length === 0 &&
      !this.owner.expired(object)
    ) {
      this.writing = true;
      this.inFlight = object;
      this.inFlightCost = cost;
      writer.write(bytes).then(this.written, this.failed);
      return;
    }
    this.queue.push({ object, bytes, cost, shared: extra === undefined ? encoding : undefined });
    this.flush();
  }

  /** The upstream stream ended cleanly: FIN after the queued Objects. */
  end(): void {
    if (this.state === "done" || this.ended) return;
    this.ended = true;
    if (this.state === "queued" && this.queue.length === 0) this.finish(false);
    else this.flush();
  }

  /** Gives the stream up (dropped for pressure, or its subscription ended early). */
  drop(code: number = StreamResetCode.CANCELLED): void {
    if (this.state === "done") return;
    const writer = this.writer;
    this.finish(true);
    // §"Closing Subgroup Streams": closing before every Object was written is a reset.
    writer?.abort(streamError(code)).catch(ignore);
  }

  start(release: () => void): void {
    this.release = release;
    if (this.state === "done") {
      release();
      return;
    }
    this.state = "opening";
    this.open();
  }

  private header(): SubgroupHeader {
    if (this.head !== undefined) return this.head;
    const s = this.shape;
    this.head = {
      kind: "subgroup",
      trackAlias: this.owner.trackAlias,
      groupId: s.groupId,
      ...(s.subgroupId === 0
        ? { subgroupIdMode: SubgroupIdMode.ZERO }
        : { subgroupIdMode: SubgroupIdMode.EXPLICIT, subgroupId: s.subgroupId }),
      publisherPriority: s.publisherPriority,
      hasExtensions: s.hasExtensions,
      endOfGroup: s.endOfGroup,
    };
    return this.head;
  }

  /**
   * Opens the stream and writes its header together with what is queued, in one
   * write: for a stream opened with one Object, the header and Object bytes
   * every subscriber of the same draft and Track Alias shares.
   */
  private open(): void {
    // Counted when attempted: a PUBLISH_DONE Stream Count must never be too low.
    this.owner.streamOpened();
    // An expired Object stays queued: the first flush resets the stream for it.
    const oldest = this.queue[0];
    let first: Uint8Array | undefined;
    try {
      if (oldest !== undefined && !this.owner.expired(oldest.object)) first = this.takeWithHeader();
    } catch {
      this.drop(StreamResetCode.INTERNAL_ERROR); // a header this peer's draft cannot carry
      return;
    }
    this.owner
      .openStream({ sendOrder: this.sendOrder })
      .then((stream) => {
        const writer = stream.getWriter();
        if (this.state === "done") {
          writer.abort(streamError(StreamResetCode.CANCELLED)).catch(ignore);
          return;
        }
        this.writer = writer;
        this.state = "open";
        if (first !== undefined) {
          writer.write(first).then(this.written, this.failed);
        } else {
          writer.write(encodeSubgroupHeader(this.header(), this.owner.version)).catch(ignore);
          this.flush();
        }
      })
      .catch(() => this.drop(StreamResetCode.INTERNAL_ERROR));
  }

  /**
   * Writes what is queued, straight from `push` when the stream is idle: no task
   * per stream, no promise per Object beyond the transport's own write. Objects
   * that queued while the previous write was in flight go out together in one
   * write. The next write starts when this one is accepted; FIN after the last one.
   */
  private flush(): void {
    const writer = this.writer;
    if (this.state !== "open" || this.writing || writer === undefined) return;
    const item = this.queue[0];
    if (item === undefined) {
      if (this.ended) this.close(writer);
      return;
    }
    // §"DELIVERY TIMEOUT Parameter": an Object past its timeout MUST reset the stream.
    // The oldest is checked: the others arrived after it.
    if (this.owner.expired(item.object)) {
      this.drop(StreamResetCode.DELIVERY_TIMEOUT);
      return;
    }
    writer.write(this.take()).then(this.written, this.failed);
  }

  /** Takes every queued Object (the queue is not empty) for one write: in flight until `written`. */
  private take(): Uint8Array {
    this.writing = true;
    if (this.queue.length === 1) {
      const item = this.queue.pop()!;
      this.inFlight = item.object;
      this.inFlightCost = item.cost;
      return item.bytes;
    }
    const batch = this.queue.splice(0);
    this.inFlightBatch = batch;
    return concatBytes(batch);
  }

  /** `take` for the stream's first write: the subgroup header before the Objects. */
  private takeWithHeader(): Uint8Array {
    const version = this.owner.version;
    const header = this.header();
    const shared = this.queue.length === 1 ? this.queue[0]!.shared : undefined;
    if (shared !== undefined) {
      this.take();
      return shared.withStreamHeader(version, header);
    }
    const batch = this.queue.splice(0);
    this.writing = true;
    this.inFlightBatch = batch;
    return concatBytes(batch, encodeSubgroupHeader(header, version));
  }

  private readonly written = (): void => {
    const object = this.inFlight;
    const batch = this.inFlightBatch;
    let cost = this.inFlightCost;
    this.inFlight = undefined;
    this.inFlightBatch = undefined;
    this.inFlightCost = 0;
    this.writing = false;
    if (object !== undefined) this.owner.sent(object);
    if (batch !== undefined) {
      for (const b of batch) {
        this.owner.sent(b.object);
        cost += b.cost;
      }
    }
    if (this.state !== "open") return;
    this.pending -= cost;
    this.outbox.discharge(cost);
    this.flush();
  };

  private readonly failed = (): void => this.drop(StreamResetCode.INTERNAL_ERROR);

  private close(writer: WritableStreamDefaultWriter<Uint8Array>): void {
    this.writing = true;
    writer.close().then(() => {
      if (!this.isDone) this.finish(false);
    }, this.failed);
  }

  private finish(dropped: boolean): void {
    if (this.state === "done") return;
    this.state = "done";
    this.outbox.discharge(this.pending);
    this.pending = 0;
    this.queue.length = 0;
    this.writer = undefined;
    this.outbox.forget(this);
    const release = this.release;
    this.release = undefined;
    release?.();
    this.owner.streamDone(this, dropped);
  }
}
