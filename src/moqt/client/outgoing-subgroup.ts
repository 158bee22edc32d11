import { streamErrorCodeOf } from "../../transport/errors.ts";
import type { MoqtSession } from "../session/session.ts";
import type { SubgroupWriter } from "../session/subgroup-writer.ts";
import type { SubgroupHeader } from "../wire/data/stream-header.ts";
import type { SubgroupObject } from "../wire/data/subgroup-object.ts";
import { StreamResetCode } from "../wire/error-codes.ts";

/** The peer stopped the stream (STOP_SENDING) with `code`, other than CANCELLED. */
export type OnStopped = (code: number) => void;

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
    private readonly session: MoqtSession,
    readonly header: SubgroupHeader,
    sendOrder: number,
    private readonly onStopped?: OnStopped,
  ) {
    this.writer = session.openSubgroup(header, { sendOrder }).then(
      (w) => {
        // A STOP_SENDING shows here even when no write follows it.
        w.closed.catch((e: unknown) => this.fail(e));
        return w;
      },
      () => {
        this.broken = true;
        return undefined;
      },
    );
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
      } catch (e) {
        this.fail(e);
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
      await w.close().catch((e: unknown) => this.fail(e));
    });
    this.tail = done;
    return done;
  }

  private fail(e: unknown): void {
    if (this.broken) return;
    this.broken = true;
    // A reset of our own or a lost session is no refusal; a relay's STOP_SENDING is.
    const code = streamErrorCodeOf(e) ?? streamErrorCodeOf((e as { cause?: unknown })?.cause);
    if (code !== null && code !== StreamResetCode.CANCELLED && !this.session.isClosed) {
      this.onStopped?.(code);
    }
  }

  /** Abandons the stream (RESET_STREAM). */
  reset(code: number = StreamResetCode.CANCELLED): void {
    this.broken = true;
    void this.writer.then((w) => w?.reset(code).catch(() => undefined));
  }
}
