// The ordered kinds (audio, video, text) send a Group as one subgroup stream:
// Objects in order, FIN when the Group is complete.

import { ObjectStatus } from "../wire/data/object-status.ts";
import { SubgroupIdMode } from "../wire/data/stream-header.ts";
import type { KeyValuePair } from "../wire/key-value.ts";
import { OutgoingSubgroup } from "./outgoing-subgroup.ts";
import type { LivePublish } from "./publication.ts";

/** The current Group's stream of one publication on one session. */
export class StreamGroupSender {
  private stream: OutgoingSubgroup | undefined;

  constructor(
    private readonly live: LivePublish,
    private readonly priority: number,
    private readonly sendOrder: (groupId: number) => number,
  ) {}

  /** Resolves when the session ends. */
  get closed(): Promise<unknown> {
    return this.live.link.closed;
  }

  /** The Group whose stream is open, if any. */
  get groupId(): number | undefined {
    return this.stream?.groupId;
  }

  /** Whether the open stream failed (the next Object needs a new one). */
  get isBroken(): boolean {
    return this.stream?.isBroken ?? false;
  }

  /**
   * Queues Object `objectId` of `groupId`, opening that Group's stream (and
   * finishing the previous one) when needed, or a new one when it failed.
   * Resolves false when it was not sent.
   */
  write(
    groupId: number,
    objectId: number,
    payload: Uint8Array,
    extensions: readonly KeyValuePair[] | undefined,
    status: ObjectStatus = ObjectStatus.NORMAL,
  ): Promise<boolean> {
    if (this.stream === undefined || this.stream.groupId !== groupId || this.stream.isBroken) {
      if (this.stream !== undefined && !this.stream.isBroken) void this.stream.end();
      this.stream = new OutgoingSubgroup(
        this.live.link.session,
        {
          kind: "subgroup",
          trackAlias: this.live.trackAlias,
          groupId,
          subgroupIdMode: SubgroupIdMode.ZERO,
          publisherPriority: this.priority,
          hasExtensions: true,
          endOfGroup: true,
        },
        this.sendOrder(groupId),
        (code) => this.live.stopped(groupId, code),
      );
    }
    return this.stream.write({
      objectId,
      ...(extensions !== undefined && { extensions }),
      status,
      payload,
    });
  }

  /** Finishes the open Group's stream (FIN); resolves when done. */
  endGroup(): Promise<void> {
    const s = this.stream;
    this.stream = undefined;
    return s?.end() ?? Promise.resolve();
  }
}
