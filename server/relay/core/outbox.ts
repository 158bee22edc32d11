// Per-subscriber-session scheduling of outgoing unidirectional streams: at most
// `maxOpenStreams` open at once (browsers accept ~100 incoming streams), waiting
// streams opened in send order, and a bound on queued bytes enforced by dropping
// whole Groups (never single Objects inside a stream) so that a slow subscriber
// never holds back the publisher or anyone else.
import { type VictimInfo, victimOrder } from "./eviction.ts";
import { OrderHeap } from "./order-heap.ts";

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
  /**
   * The waiting jobs by send order (as when pushed), so that finding the next one
   * costs O(log n) however many wait; entries of jobs no longer waiting are
   * skipped when they come up.
   */
  private readonly byOrder = new OrderHeap<StreamJob>();
  /** Waiting jobs taken off `byOrder` while not ready; put back once they are. */
  private readonly notReady = new Set<StreamJob>();
  private readonly droppable = new Set<DroppableJob>();
  /** Droppable jobs holding a slot (the only ones that can be draining). */
  private readonly granted = new Set<DroppableJob>();
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
    this.byOrder.push(job, job.sendOrder);
    this.schedule();
  }

  /** The job left (finished or dropped) without needing its slot any more. */
  forget(job: StreamJob): void {
    this.waiting.delete(job);
    this.notReady.delete(job);
    this.droppable.delete(job as DroppableJob);
    this.granted.delete(job as DroppableJob);
    // Entries of forgotten jobs wait in the heap until they come up: bound them.
    if (this.byOrder.size > 2 * this.waiting.size + 64) this.rebuild();
  }

  /** The send orders of waiting jobs changed (a subscriber priority update). */
  reorder(): void {
    this.rebuild();
    this.schedule();
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

  /** Starts `job`, the top of `byOrder` (as `best` left it). */
  private grant(job: StreamJob): void {
    this.byOrder.pop();
    this.waiting.delete(job);
    this.open++;
    const droppable = this.droppable.has(job as DroppableJob) ? (job as DroppableJob) : undefined;
    if (droppable !== undefined) this.granted.add(droppable);
    let released = false;
    job.start(() => {
      if (released) return;
      released = true;
      if (droppable !== undefined) this.granted.delete(droppable);
      this.open--;
      this.schedule();
    });
  }

  /**
   * The ready waiting job with the highest send order (the earliest submitted among
   * equals), left at the top of `byOrder`.
   */
  private best(): StreamJob | undefined {
    for (const job of this.notReady) {
      if (!job.ready) continue;
      this.notReady.delete(job);
      this.byOrder.push(job, job.sendOrder);
    }
    for (;;) {
      const top = this.byOrder.peek();
      if (top === undefined) return undefined;
      const job = top.value;
      if (!this.waiting.has(job)) {
        this.byOrder.pop(); // forgotten
      } else if (!job.ready) {
        this.byOrder.pop();
        this.notReady.add(job);
      } else if (job.sendOrder !== top.key) {
        this.byOrder.pop();
        this.byOrder.push(job, job.sendOrder);
      } else {
        return job;
      }
    }
  }

  /** `byOrder` again from the waiting jobs, with their current send orders, in submission order. */
  private rebuild(): void {
    for (const job of this.byOrder.drain()) {
      if (this.waiting.has(job) && !this.notReady.has(job)) this.byOrder.push(job, job.sendOrder);
    }
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
    for (const j of this.granted) {
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
