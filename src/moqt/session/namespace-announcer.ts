// draft-16 §"SUBSCRIBE_NAMESPACE": after REQUEST_OK the publisher sends NAMESPACE /
// NAMESPACE_DONE on the request's bidirectional stream, carrying only the fields
// after the Track Namespace Prefix; the subscriber cancels by closing the stream.
import type { ControlMessage } from "../wire/control.ts";
import { namespaceHasPrefix, type TrackNamespace } from "../wire/namespace.ts";
import type { ControlChannel } from "./control-channel.ts";
import { MoqtUsageError } from "./errors.ts";
import { fullTrackKey } from "./track-aliases.ts";

const EMPTY_NAME = new Uint8Array(0);

/** Sends the namespaces matching one draft-16 SUBSCRIBE_NAMESPACE to its subscriber. */
export class NamespaceAnnouncer {
  /** Resolves when the subscriber cancels the subscription (or the session ends). */
  readonly cancelled: Promise<void>;
  private state: "pending" | "open" | "ended" = "pending";
  private readonly queued: ControlMessage[] = [];
  private readonly announced = new Set<string>();
  private markCancelled!: () => void;

  constructor(
    private readonly channel: ControlChannel,
    readonly prefix: TrackNamespace,
  ) {
    this.cancelled = new Promise((resolve) => {
      this.markCancelled = resolve;
    });
  }

  /** Tells the subscriber `namespace` (which must start with the prefix) is published. */
  announce(namespace: TrackNamespace): void {
    const suffix = this.suffixOf(namespace);
    this.announced.add(fullTrackKey(namespace, EMPTY_NAME));
    this.enqueue({ kind: "namespace", trackNamespaceSuffix: suffix });
  }

  /** Withdraws an announced `namespace`. §"SUBSCRIBE_NAMESPACE": never before its NAMESPACE. */
  withdraw(namespace: TrackNamespace): void {
    const suffix = this.suffixOf(namespace);
    if (!this.announced.delete(fullTrackKey(namespace, EMPTY_NAME))) {
      throw new MoqtUsageError("namespace was not announced");
    }
    this.enqueue({ kind: "namespaceDone", trackNamespaceSuffix: suffix });
  }

  /** @internal The request was answered: flush (accepted) or drop (rejected) what was queued. */
  answered(accepted: boolean): void {
    if (this.state !== "pending") return;
    if (!accepted) {
      this.end();
      return;
    }
    this.state = "open";
    for (const msg of this.queued.splice(0)) this.channel.send(msg);
  }

  /** @internal The subscriber closed its half, or the session ended. */
  end(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.queued.length = 0;
    this.channel.finish();
    this.markCancelled();
  }

  private suffixOf(namespace: TrackNamespace): TrackNamespace {
    if (!namespaceHasPrefix(namespace, this.prefix)) {
      throw new MoqtUsageError("namespace is outside the prefix");
    }
    return namespace.slice(this.prefix.length);
  }

  private enqueue(msg: ControlMessage): void {
    if (this.state === "pending") this.queued.push(msg);
    else if (this.state === "open") this.channel.send(msg);
  }
}
