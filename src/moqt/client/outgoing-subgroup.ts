import type { MoqtSession } from "../session/session.ts";
import type { SubgroupWriter } from "../session/subgroup-writer.ts";
import type { SubgroupHeader } from "../wire/data/stream-header.ts";
import type { SubgroupObject } from "../wire/data/subgroup-object.ts";
import { StreamResetCode } from "../wire/error-codes.ts";

/**
 * One outgoing subgroup stream: opened at once, Objects written strictly in
 * order, FIN at the end. Failures (a lost session, a reset) never throw: they
 * mark the stream broken and make `write` resolve false.
 */
export class OutgoingSubgroup {
  private readonly writer: Promise<SubgroupWriter | undefined>;
  private tail: Promise<unknown> = Promise.resolve();
  private broken = false;

  constructor(
    session: MoqtSession,
    readonly header: SubgroupHeader,
    sendOrder: number,
  ) {
    this.writer = session.openSubgroup(header, { sendOrder }).catch(() => {
      this.broken = true;
      return undefined;
    });
  }

  /** The Group this stream carries. */
  get groupId(): number {
    return this.header.groupId;
  }

  /** Whether a write or the open failed. */
  get isBroken(): boolean {
    return this.broken;
  }

  /** Queues `obj`; resolves true once the transport took it, false when the stream failed. */
  write(obj: SubgroupObject): Promise<boolean> {
    const done = this.tail.then(async () => {
      const w = await this.writer;
      if (w === undefined || this.broken) return false;
      try {
        await w.write(obj);
        return true;
      } catch {
        this.broken = true;
        return false;
      }
    });
    this.tail = done;
    return done;
  }

  /** Ends the stream with a FIN after the queued Objects; resolves when done (or failed). */
  end(): Promise<void> {
    const done = this.tail.then(async () => {
      const w = await this.writer;
      if (w === undefined || this.broken) return;
      await w.close().catch(() => {
        this.broken = true;
      });
    });
    this.tail = done;
    return done;
  }

  /** Abandons the stream (RESET_STREAM). */
  reset(code: number = StreamResetCode.CANCELLED): void {
    this.broken = true;
    void this.writer.then((w) => w?.reset(code).catch(() => undefined));
  }
}
