// Per-subscriber-session scheduling of outgoing unidirectional streams: at most
// `maxOpenStreams` open at once (browsers accept ~100 incoming streams), waiting
// streams opened in send order, and a bound on queued bytes enforced by dropping
// whole Groups (never single Objects inside a stream) so that a slow subscriber
// never holds back the publisher or anyone else.
import { type VictimInfo, victimOrder } from "./eviction.ts";

/** Something that needs a stream slot: a subgroup stream or a FETCH response. */
export interface StreamJob {
  /** W3C send order; the waiting job with the highest one starts first. */
  readonly sendOrder: number;
  /** False while the job may not open its stream yet (its answer is not sent). */
  readonly ready: boolean;
  /** The slot is granted; call `release` exactly when the stream is finished or given up. */
  start(release: () => void): void;
}

/** A job whose queued bytes count against the bound and that may be dropped. */
export interface DroppableJob extends StreamJob, VictimInfo {
  /** Object bytes queued and not yet accepted by the transport. */
  readonly pendingBytes: number;
  /** Holds a slot with everything written, waiting for the stream to finish. */
  readonly draining: boolean;
  /** The subscription started a newer Group than this job's. */
  readonly superseded: boolean;
  /** Gives the job up: not opened, or reset if open. */
  drop(): void;
}

/** Bounds of one Outbox. */
export interface OutboxLimits {
  readonly maxOpenStreams: number;
  readonly maxQueuedBytes: number;
}

/** Counters for logs and tests. */
export interface OutboxStats {
  openStreams: number;
  waitingStreams: number;
  queuedBytes: number;
  droppedStreams: number;
}

/** The outgoing stream scheduler of one session. */
export class Outbox {
  private readonly waiting = new Set<StreamJob>();
  private readonly droppable = new Set<DroppableJob>();
  private open = 0;
  private queued = 0;
  private dropped = 0;
  private relieving = false;

  constructor(
    private readonly limits: OutboxLimits,
    private readonly onDrop: (job: DroppableJob, why: "pressure" | "superseded") => void,
  ) {}

  get stats(): OutboxStats {
    return {
      openStreams: this.open,
      waitingStreams: this.waiting.size,
      queuedBytes: this.queued,
      droppedStreams: this.dropped,
    };
  }

  /** Queues a job for a slot; droppable jobs also count toward the byte bound. */
  submit(job: StreamJob, droppable?: DroppableJob): void {
    if (droppable !== undefined) this.droppable.add(droppable);
    this.waiting.add(job);
    this.schedule();
  }

  /** The job left (finished or dropped) without needing its slot any more. */
  forget(job: StreamJob): void {
    this.waiting.delete(job);
    this.droppable.delete(job as DroppableJob);
  }

  /** Bytes were queued for a droppable job; drops Groups while over the bound. */
  charge(n: number): void {
    this.queued += n;
    if (this.queued > this.limits.maxQueuedBytes) this.relieve();
  }

  /** Bytes left the queue (written or dropped). */
  discharge(n: number): void {
    this.queued -= n;
  }

  /** Starts waiting jobs while slots are free. */
  schedule(): void {
    for (;;) {
      const job = this.best();
      if (job === undefined) return;
      if (this.open >= this.limits.maxOpenStreams) {
        this.reclaim(job);
        return;
      }
      this.grant(job);
    }
  }

  private grant(job: StreamJob): void {
    this.waiting.delete(job);
    this.open++;
    let released = false;
    job.start(() => {
      if (released) return;
      released = true;
      this.open--;
      this.schedule();
    });
  }

  private best(): StreamJob | undefined {
    let best: StreamJob | undefined;
    for (const job of this.waiting) {
      if (job.ready && (best === undefined || job.sendOrder > best.sendOrder)) best = job;
    }
    return best;
  }

  /**
   * Every slot is taken and `waiting` is the next job: a stream still draining an
   * older Group of a subscription that has moved on is given up for it, so new
   * Groups are not stuck behind old ones (§"Resource Exhaustion": cancel the
   * lowest-priority stream) — only when the scheduling order (§"Scheduling
   * Algorithm", the send order) puts the waiting job first. In ascending Group
   * order at equal priorities the older Group goes first: its stream, every byte
   * already handed to the transport, finishes rather than losing them to a reset.
   */
  private reclaim(waiting: StreamJob): void {
    let victim: DroppableJob | undefined;
    for (const j of this.droppable) {
      if (!j.draining || !j.superseded || j.sendOrder >= waiting.sendOrder) continue;
      if (victim === undefined || victimOrder(j, victim) < 0) victim = j;
    }
    if (victim === undefined) return;
    this.dropped++;
    this.onDrop(victim, "superseded");
    victim.drop();
  }

  /** Over the byte bound: drop queued Groups in victim order until under it. */
  private relieve(): void {
    if (this.relieving) return;
    this.relieving = true;
    try {
      const victims = [...this.droppable].filter((j) => j.pendingBytes > 0).sort(victimOrder);
      for (const victim of victims) {
        if (this.queued <= this.limits.maxQueuedBytes) break;
        if (victim.pendingBytes === 0) continue; // finished or dropped meanwhile
        this.dropped++;
        this.onDrop(victim, "pressure");
        victim.drop();
      }
    } finally {
      this.relieving = false;
    }
  }
}
