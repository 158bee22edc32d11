import { MAX_NAMESPACE_FIELDS, type TrackNamespace } from "../wire/namespace.ts";
import type { ControlChannel } from "./control-channel.ts";
import { CloseReason, MoqtSessionError } from "./errors.ts";
import { fullTrackKey } from "./track-aliases.ts";

/** A namespace published or withdrawn under a subscribed prefix. */
export interface NamespaceUpdate {
  readonly kind: "namespace" | "namespaceDone";
  /** The whole namespace (the prefix followed by the suffix the publisher sent). */
  readonly trackNamespace: TrackNamespace;
}

/** Where updates come from: a draft-16 stream, or nothing (draft-14). */
interface UpdateSource {
  next(): Promise<NamespaceUpdate | undefined>;
  close(): void;
}

const EMPTY_NAME = new Uint8Array(0);

/**
 * An accepted SUBSCRIBE_NAMESPACE. In draft-16 it yields the NAMESPACE /
 * NAMESPACE_DONE updates of its stream; in draft-14 the publisher sends
 * PUBLISH_NAMESPACE requests instead (see the request handler) and this yields
 * nothing. `close()` withdraws it (draft-16: closes the stream; draft-14:
 * UNSUBSCRIBE_NAMESPACE).
 */
export class NamespaceSubscription implements AsyncIterable<NamespaceUpdate> {
  private constructor(
    readonly requestId: number,
    readonly prefix: TrackNamespace,
    private readonly source: UpdateSource,
  ) {}

  /** A draft-16 subscription reading updates from its accepted stream. */
  static overStream(
    requestId: number,
    prefix: TrackNamespace,
    channel: ControlChannel,
    fail: (e: MoqtSessionError) => void,
  ): NamespaceSubscription {
    return new NamespaceSubscription(requestId, prefix, new StreamUpdates(channel, prefix, fail));
  }

  /** A draft-14 subscription; `unsubscribe` sends UNSUBSCRIBE_NAMESPACE. */
  static onControl(
    requestId: number,
    prefix: TrackNamespace,
    unsubscribe: () => void,
  ): NamespaceSubscription {
    let end: (v: undefined) => void = () => undefined;
    const ended = new Promise<undefined>((resolve) => {
      end = resolve;
    });
    let open = true;
    return new NamespaceSubscription(requestId, prefix, {
      next: () => ended,
      close: () => {
        if (!open) return;
        open = false;
        unsubscribe();
        end(undefined);
      },
    });
  }

  /** The next update; undefined once the subscription ended. */
  next(): Promise<NamespaceUpdate | undefined> {
    return this.source.next();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<NamespaceUpdate, void, undefined> {
    for (;;) {
      const update = await this.source.next();
      if (update === undefined) return;
      yield update;
    }
  }

  /** Withdraws the subscription. */
  close(): void {
    this.source.close();
  }
}

/** draft-16 §"SUBSCRIBE_NAMESPACE": NAMESPACE / NAMESPACE_DONE on the request's stream. */
class StreamUpdates implements UpdateSource {
  private readonly active = new Set<string>();

  constructor(
    private readonly channel: ControlChannel,
    private readonly prefix: TrackNamespace,
    private readonly fail: (e: MoqtSessionError) => void,
  ) {}

  async next(): Promise<NamespaceUpdate | undefined> {
    let msg: Awaited<ReturnType<ControlChannel["read"]>>;
    try {
      msg = await this.channel.read();
    } catch (e) {
      if (!(e instanceof MoqtSessionError)) return undefined; // reset, or the session ended
      this.fail(e);
      throw e;
    }
    if (msg === undefined) return undefined;
    if (msg.kind !== "namespace" && msg.kind !== "namespaceDone") {
      return this.violation(`${CloseReason.UNEXPECTED_MESSAGE}: ${msg.kind}`);
    }
    const trackNamespace = [...this.prefix, ...msg.trackNamespaceSuffix];
    if (trackNamespace.length === 0 || trackNamespace.length > MAX_NAMESPACE_FIELDS) {
      return this.violation(`namespace of ${trackNamespace.length} fields`);
    }
    const key = fullTrackKey(trackNamespace, EMPTY_NAME);
    if (msg.kind === "namespace") this.active.add(key);
    // §"SUBSCRIBE_NAMESPACE": NAMESPACE_DONE before its NAMESPACE is a PROTOCOL_VIOLATION.
    else if (!this.active.delete(key)) return this.violation(CloseReason.NAMESPACE_DONE_UNKNOWN);
    return { kind: msg.kind, trackNamespace };
  }

  close(): void {
    this.channel.finish();
    this.channel.stopReading();
  }

  private violation(reason: string): never {
    const e = MoqtSessionError.protocolViolation(reason);
    this.fail(e);
    throw e;
  }
}
