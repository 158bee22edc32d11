import { streamErrorCodeOf } from "../../transport/errors.ts";
import type { MoqtSession } from "../session/session.ts";
import type { SubgroupWriter } from "../session/subgroup-writer.ts";
import type { SubgroupHeader } from "../wire/data/stream-header.ts";
import type { SubgroupObject } from "../wire/data/subgroup-object.ts";
import { StreamResetCode } from "../wire/error-codes.ts";

/** The peer stopped the stream (STOP_SENDING) with `code`, other than CANCELLED. */
export type OnStopped = (code: number) => void;

interface Queued {
  readonly obj: SubgroupObject;
  readonly resolve: (ok: boolean) => void;
}

/**
 * One outgoing subgroup stream: opened at once (with its first Object in the
 * same write when given), Objects written strictly in order, FIN at the end.
 * Once open, writes go straight to the stream's writer (it keeps them in
 * order); only writes made while it opens wait. Failures (a lost session, a
 * reset) never throw: they mark the stream broken and make `write` resolve false.
 */
export class OutgoingSubgroup {
  private readonly opened: Promise<void>;
  private writer: SubgroupWriter | undefined;
  private waiting: Queued[] = [];
  private broken = false;

  constructor(
    private readonly session: MoqtSession,
    readonly header: SubgroupHeader,
    sendOrder: number,
    private readonly onStopped?: OnStopped,
    first?: SubgroupObject,
  ) {
    this.opened = session.openSubgroup(header, { sendOrder }, first).then(
      (w) => {
        // A STOP_SENDING shows here even when no write follows it.
        w.closed.catch((e: unknown) => this.fail(e));
        this.writer = w;
        for (const q of this.takeWaiting()) this.send(w, q.obj, q.resolve);
      },
      () => {
        this.broken = true;
        for (const q of this.takeWaiting()) q.resolve(false);
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
    return new Promise((resolve) => {
      if (this.broken) resolve(false);
      else if (this.writer !== undefined) this.send(this.writer, obj, resolve);
      else this.waiting.push({ obj, resolve });
    });
  }

  /** Ends the stream with a FIN after the queued Objects; resolves when done (or failed). */
  end(): Promise<void> {
    return this.opened.then(() => {
      const w = this.writer;
      if (w === undefined || this.broken) return;
      return w.close().catch((e: unknown) => this.fail(e));
    });
  }

  /** Abandons the stream (RESET_STREAM). */
  reset(code: number = StreamResetCode.CANCELLED): void {
    this.broken = true;
    void this.opened.then(() => this.writer?.reset(code).catch(() => undefined));
  }

  private takeWaiting(): Queued[] {
    const q = this.waiting;
    this.waiting = [];
    return q;
  }

  /** Hands `obj` to the writer; `done` gets whether the transport took it. */
  private send(w: SubgroupWriter, obj: SubgroupObject, done: (ok: boolean) => void): void {
    if (this.broken) {
      done(false);
      return;
    }
    w.write(obj).then(
      () => done(true),
      (e: unknown) => {
        this.fail(e);
        done(false);
      },
    );
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
}
