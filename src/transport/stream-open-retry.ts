// Chromium refuses `createUnidirectionalStream` at once ("Failed to create send
// stream") when the peer's stream credit (QUIC MAX_STREAMS, RFC 9000 §4.6) is
// used up, and ignores the W3C `waitUntilAvailable` option (measured in
// Chromium 156 against the dev server: 253 opens succeed, the rest fail at once
// with or without it). The credit comes back as the peer finishes reading
// earlier streams, so a refused open is tried again rather than lost.
//
// Every refused open also makes Chromium send a STREAMS_BLOCKED frame (RFC 9000
// §19.14), and Chromium closes its own connection once more than 1,000 control
// frames wait for an acknowledgement (QUIC_TOO_MANY_BUFFERED_CONTROL_FRAMES,
// seen in its net log: 33,946 STREAMS_BLOCKED frames sent by a publisher at
// 500–800 frames/s, then "More than 1000 buffered control frames"). So retries
// are few at a time: the oldest waiting open alone while credit is out, then the
// others a small batch at a time, stopping at the first refusal.

/** Bounds of {@link StreamOpenRetry}. */
export interface StreamOpenRetryLimits {
  /** Wait before the first retry, ms; doubled after each round without success. */
  readonly firstDelayMs: number;
  /** Longest wait between retries, ms. */
  readonly maxDelayMs: number;
  /** An open still refused this long after it was asked for rejects with the last error, ms. */
  readonly maxWaitMs: number;
}

export const DEFAULT_STREAM_OPEN_RETRY: StreamOpenRetryLimits = {
  firstDelayMs: 5,
  maxDelayMs: 50,
  maxWaitMs: 5_000,
};

/**
 * Waiting opens tried at once after the oldest opened: bounds the refusals (and
 * STREAMS_BLOCKED frames) per round; 8 caught up too slowly under load (a burst
 * of 800 frames through the dev relay: 502 arrived within 30 s).
 */
const CATCH_UP_BATCH = 64;

interface Waiting<T, O> {
  /** Order of the `create` call. */
  readonly seq: number;
  readonly options: O | undefined;
  readonly sinceMs: number;
  readonly resolve: (stream: T) => void;
  readonly reject: (error: unknown) => void;
  error: unknown;
  opened: boolean;
}

/** Inserts `w` into `queue` (ascending `seq`), scanning from the end where it usually goes. */
function insertInOrder<W extends { readonly seq: number }>(queue: W[], w: W): void {
  let i = queue.length;
  while (i > 0 && queue[i - 1]!.seq > w.seq) i--;
  queue.splice(i, 0, w);
}

/**
 * Opens streams through `open`, retrying refused opens while the session is up
 * (`isClosed` false). Refused opens are retried in the order they were asked
 * for, and opens asked for while any wait queue behind them, so streams keep
 * their order. A refusal once the session ended rejects at once.
 */
export class StreamOpenRetry<T, O> {
  private readonly queue: Waiting<T, O>[] = [];
  /** A retry round is in flight or scheduled. */
  private busy = false;
  private delayMs: number;
  private seq = 0;

  constructor(
    private readonly open: (options: O | undefined) => Promise<T>,
    private readonly isClosed: () => boolean,
    private readonly limits: StreamOpenRetryLimits = DEFAULT_STREAM_OPEN_RETRY,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.delayMs = limits.firstDelayMs;
  }

  /** Opens a stream; rejects when the session ended or the open was refused for `maxWaitMs`. */
  create(options?: O): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const w: Waiting<T, O> = {
        seq: this.seq++,
        options,
        sinceMs: this.nowMs(),
        resolve,
        reject,
        error: undefined,
        opened: false,
      };
      if (this.busy || this.queue.length > 0) {
        this.queue.push(w);
        return;
      }
      this.open(options).then(resolve, (e: unknown) => {
        w.error = e;
        this.refused([w]);
      });
    });
  }

  /** Opens refused in one round (in order): retried later, or rejected when they can no longer be. */
  private refused(failed: Waiting<T, O>[]): void {
    const now = this.nowMs();
    const closed = this.isClosed();
    const retry: Waiting<T, O>[] = [];
    for (const w of failed) {
      if (closed || now - w.sinceMs >= this.limits.maxWaitMs) w.reject(w.error);
      else retry.push(w);
    }
    if (closed) {
      for (const w of this.queue.splice(0)) w.reject(retry[0]?.error ?? failed[0]?.error);
      return;
    }
    for (const w of retry) insertInOrder(this.queue, w);
    if (this.busy || this.queue.length === 0) return;
    this.busy = true;
    setTimeout(() => this.round(), this.delayMs);
  }

  /**
   * One retry round: the oldest waiting open first, alone (while credit is out it
   * is the only attempt); once it opens, the others in order, CATCH_UP_BATCH at
   * a time while every open of a batch succeeds.
   */
  private round(): void {
    const head = this.queue.shift();
    if (head === undefined) {
      this.busy = false;
      return;
    }
    this.attempt([head], () => this.catchUp());
  }

  /** Once every waiting open opened, new ones go straight to the runtime again. */
  private catchUp(): void {
    if (this.queue.length === 0) this.busy = false;
    else this.attempt(this.queue.splice(0, CATCH_UP_BATCH), () => this.catchUp());
  }

  /**
   * Tries `batch` (in order); when all settled, schedules those refused again and
   * calls `next` when all opened.
   */
  private attempt(batch: Waiting<T, O>[], next: () => void): void {
    let left = batch.length;
    if (left === 0) {
      next();
      return;
    }
    const settled = () => {
      if (--left > 0) return;
      const failed = batch.filter((w) => !w.opened);
      if (failed.length === 0) {
        this.delayMs = this.limits.firstDelayMs;
        next();
        return;
      }
      this.busy = false;
      if (failed.length === batch.length) {
        this.delayMs = Math.min(this.limits.maxDelayMs, 2 * this.delayMs);
      } else {
        this.delayMs = this.limits.firstDelayMs;
      }
      this.refused(failed);
    };
    for (const w of batch) {
      this.open(w.options).then(
        (stream) => {
          w.opened = true;
          w.resolve(stream);
          settled();
        },
        (e: unknown) => {
          w.error = e;
          settled();
        },
      );
    }
  }
}
