// Text tracks: reliable, ordered UTF-8 messages, 64 per Group on one stream.
// Nothing is lost across reconnects: messages written while no session is up
// wait (bounded, QUEUE_OVERFLOW beyond), and after every reconnect every message
// written within `textRetentionMs` (at most `maxRetainedTextMessages`, never less
// than the current and previous Group) is sent again with its original IDs
// — also what went into a connection that died silently before anyone noticed.

import { ObjectStatus } from "../wire/data/object-status.ts";
import type { TrackContext } from "./context.ts";
import { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";
import { timestampPair } from "./loc.ts";
import { type LivePublish, Publication, type TrackPublishOptions } from "./publication.ts";
import { StreamGroupSender } from "./stream-group-sender.ts";
import { TEXT_GROUP_SIZE, type TextEntry, TextLog } from "./text-log.ts";
import { MAX_CAPABILITY_BYTES, MAX_LABEL_BYTES } from "./track-metadata.ts";
import type { TrackName } from "./track-name.ts";
import { checkLabel, checkPriority, checkTimestampUs } from "./validate.ts";

/** Options of `MoqtClient.publishText`. */
export interface TextPublishOptions extends TrackPublishOptions {
  /** Publisher Priority of the track: 0 (most urgent)..255; default 96. */
  readonly defaultPriority?: number;
}

const ENCODER = new TextEncoder();

/** A published text track (`MoqtClient.publishText`). */
export class TextPublication extends Publication {
  private readonly log: TextLog;
  private sender: StreamGroupSender | undefined;
  private pumping: StreamGroupSender | undefined;
  private idleWaiters: (() => void)[] = [];

  /** @internal Use `MoqtClient.publishText`. */
  constructor(ctx: TrackContext, track: TrackName, o: TextPublishOptions) {
    const meta = {
      kind: "text" as const,
      capability: checkLabel(o.capability, "capability", MAX_CAPABILITY_BYTES),
      ...(o.schemaTag !== undefined && {
        schemaTag: checkLabel(o.schemaTag, "schemaTag", MAX_LABEL_BYTES),
      }),
    };
    super(ctx, track, meta, checkPriority(o.defaultPriority ?? 96, "defaultPriority"), o.signal);
    const { clock, textRetentionMs, maxRetainedTextMessages } = ctx.options;
    this.log = new TextLog(this.groups, {
      clock,
      retentionMs: textRetentionMs,
      maxRetained: maxRetainedTextMessages,
    });
  }

  /** Messages written but not yet handed to any session. */
  get queued(): number {
    return this.log.waiting;
  }

  /** Messages already sent that are kept to be sent again on the next session. */
  get retained(): number {
    return this.log.retained;
  }

  /**
   * Sends `text` (timestamped `tsUs`, default now). While no session is up the
   * message waits; beyond `maxQueuedTextMessages` waiting messages this throws
   * QUEUE_OVERFLOW (the message is not taken). Also throws INVALID_ARGUMENT,
   * OBJECT_TOO_LARGE, or CLOSED after `close()`.
   */
  write(text: string, tsUs?: number): void {
    this.assertOpen();
    if (typeof text !== "string") {
      throw new MoqtClientError(MoqtClientErrorCode.INVALID_ARGUMENT, "text must be a string");
    }
    const ts = checkTimestampUs(tsUs ?? this.ctx.options.clock.nowMs() * 1000);
    const payload = ENCODER.encode(text);
    const max = this.ctx.options.maxObjectBytes;
    if (payload.length > max) {
      throw new MoqtClientError(
        MoqtClientErrorCode.OBJECT_TOO_LARGE,
        `text message is ${payload.length} bytes, larger than the limit of ${max}`,
      );
    }
    const limit = this.ctx.options.maxQueuedTextMessages;
    if (this.log.waiting >= limit) {
      throw new MoqtClientError(
        MoqtClientErrorCode.QUEUE_OVERFLOW,
        `${limit} text messages are already waiting for the session (maxQueuedTextMessages)`,
      );
    }
    this.log.append(payload, ts);
    if (this.sender !== undefined) void this.pump(this.sender);
  }

  protected onLive(live: LivePublish): void {
    const sender = new StreamGroupSender(live, this.defaultPriority, (g) =>
      this.sendOrder(live, g, this.defaultPriority),
    );
    this.sender = sender;
    this.log.resendAll();
    void this.pump(sender);
  }

  protected onDown(): void {
    this.sender = undefined;
  }

  protected async finish(live: LivePublish): Promise<void> {
    const sender = this.sender;
    if (sender === undefined) return;
    await Promise.race([this.idle(), live.link.closed]);
    if (this.sender !== sender || live.link.isClosed) return;
    const end = this.log.endLocation();
    if (end !== undefined) {
      const empty = new Uint8Array(0);
      await sender.write(end.groupId, end.objectId, empty, undefined, ObjectStatus.END_OF_TRACK);
    }
    await sender.endGroup();
  }

  protected discard(): void {
    this.log.clear();
    this.sender = undefined;
    this.releaseIdle();
  }

  /** Sends unsent messages in order on `sender` until none is left or the session changes. */
  private async pump(sender: StreamGroupSender): Promise<void> {
    if (this.pumping === sender) return;
    this.pumping = sender;
    try {
      for (;;) {
        if (this.sender !== sender) return;
        const e = this.log.nextUnsent();
        if (e === undefined) return;
        if (!(await this.sendEntry(sender, e))) return;
      }
    } finally {
      if (this.pumping === sender) this.pumping = undefined;
      if (this.log.unsent === 0 || this.sender === undefined) this.releaseIdle();
    }
  }

  private async sendEntry(sender: StreamGroupSender, e: TextEntry): Promise<boolean> {
    const ts = [timestampPair(e.tsUs)];
    const exts = e.objectId === 0 ? this.withTrackProperties(ts) : ts;
    const ok = await sender.write(e.groupId, e.objectId, e.payload, exts);
    if (this.sender !== sender) return false;
    if (!ok) {
      // The stream failed but the session did not (the relay stopped it): send the
      // retained Groups again on new streams after a pause.
      this.log.resendAll();
      const retry = setTimeout(() => {
        if (this.sender === sender) void this.pump(sender);
      }, this.ctx.options.resubscribeDelayMs);
      void sender.closed.then(() => clearTimeout(retry));
      return false;
    }
    this.log.markSent(e);
    if (e.objectId === TEXT_GROUP_SIZE - 1) await sender.endGroup();
    return true;
  }

  /** Resolves once nothing is waiting to be sent (or the session is gone). */
  private idle(): Promise<void> {
    if (this.log.unsent === 0 && this.pumping === undefined) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private releaseIdle(): void {
    for (const r of this.idleWaiters.splice(0)) r();
  }
}
