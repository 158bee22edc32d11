import { describe, expect, it } from "vitest";
import { victimOrder } from "./eviction.ts";
import { type DroppableJob, Outbox } from "./outbox.ts";

class Job implements DroppableJob {
  started = false;
  dropped = false;
  draining = false;
  superseded = false;
  newest = false;
  pendingBytes = 0;
  release: (() => void) | undefined;
  constructor(
    readonly groupId: number,
    private readonly order0: number,
    readonly subscriberPriority = 128,
    readonly publisherPriority = 128,
    readonly outbox?: Outbox,
  ) {}
  get sendOrder(): number {
    return this.order0;
  }
  get ready() {
    return true;
  }
  start(release: () => void): void {
    this.started = true;
    this.release = release;
  }
  drop(): void {
    this.dropped = true;
    this.outbox?.discharge(this.pendingBytes);
    this.pendingBytes = 0;
    this.outbox?.forget(this);
    this.release?.();
  }
}

describe("Outbox", () => {
  it("passes over jobs not ready yet and starts them once ready, by send order", () => {
    const o = new Outbox({ maxOpenStreams: 1, maxQueuedBytes: 1e6 }, () => undefined);
    const busy = new Job(0, 100);
    o.submit(busy);
    let ready = false;
    class Pending extends Job {
      override get ready() {
        return ready;
      }
    }
    const late = new Pending(1, 50);
    const low = new Job(2, 10);
    o.submit(late);
    o.submit(low);
    busy.release!();
    expect([late.started, low.started]).toEqual([false, true]);
    ready = true;
    o.schedule(); // nothing free yet
    expect(late.started).toBe(false);
    low.release!();
    expect(late.started).toBe(true);
  });

  it("follows send orders changed while waiting (reorder)", () => {
    const o = new Outbox({ maxOpenStreams: 1, maxQueuedBytes: 1e6 }, () => undefined);
    class Movable extends Job {
      order: number;
      constructor(g: number, order: number) {
        super(g, 0);
        this.order = order;
      }
      override get sendOrder() {
        return this.order;
      }
    }
    const busy = new Movable(0, 100);
    const a = new Movable(1, 5);
    const b = new Movable(2, 3);
    for (const j of [busy, a, b]) o.submit(j);
    b.order = 9; // raised after submission: found by reorder()
    o.reorder();
    busy.release!();
    expect([a.started, b.started]).toEqual([false, true]);
    a.order = 1; // lowered: still the only one waiting
    b.release!();
    expect(a.started).toBe(true);
  });

  it("keeps finding the next job cheaply with many waiting and many forgotten", () => {
    const o = new Outbox({ maxOpenStreams: 4, maxQueuedBytes: 1e9 }, () => undefined);
    const jobs = Array.from({ length: 2000 }, (_, i) => new Job(i, -i, 128, 128, o));
    for (const j of jobs) o.submit(j, j);
    for (const j of jobs.slice(4, 1500)) j.drop(); // forgotten while waiting
    expect(o.stats.waitingStreams).toBe(500);
    for (let i = 0; i < 4; i++) jobs[i]!.release!();
    expect(jobs.slice(1500, 1504).every((j) => j.started)).toBe(true);
    expect(jobs[1504]!.started).toBe(false);
  });

  it("opens at most maxOpenStreams at once, highest send order first", () => {
    const o = new Outbox({ maxOpenStreams: 2, maxQueuedBytes: 1e6 }, () => undefined);
    const jobs = [new Job(0, 1), new Job(1, 5), new Job(2, 3)];
    for (const j of jobs) o.submit(j);
    expect(jobs.map((j) => j.started)).toEqual([true, true, false]);
    jobs[0]!.release!();
    expect(jobs[2]!.started).toBe(true);
    expect(o.stats.openStreams).toBe(2);
  });

  it("drops whole queued Groups by priority and age when over its byte bound", () => {
    const drops: number[] = [];
    const o = new Outbox({ maxOpenStreams: 1, maxQueuedBytes: 250 }, (j) => drops.push(j.groupId));
    const mk = (g: number, sub: number, pubP: number, newest = false) => {
      const j = new Job(g, g, sub, pubP, o);
      j.newest = newest;
      o.submit(j, j);
      j.pendingBytes = 100;
      o.charge(100);
      return j;
    };
    mk(1, 128, 128);
    mk(2, 10, 128);
    mk(3, 128, 200);
    expect(drops).toEqual([3]);
    mk(4, 128, 128, true);
    // Lower subscriber priority (higher number) first, then lower publisher priority, then age.
    expect(drops).toEqual([3, 1]);
    expect(o.stats.queuedBytes).toBe(200);
    expect(o.stats.droppedStreams).toBe(2);
  });

  it("gives up a draining stream of an older Group when new Groups wait for a slot", () => {
    const o = new Outbox({ maxOpenStreams: 1, maxQueuedBytes: 1e6 }, () => undefined);
    const old = new Job(1, 1, 128, 128, o);
    o.submit(old, old);
    old.draining = true;
    old.superseded = true;
    const next = new Job(2, 2, 128, 128, o);
    o.submit(next, next);
    expect(old.dropped).toBe(true);
    expect(next.started).toBe(true);
  });

  it("keeps a draining stream the send order puts before the waiting Group (ascending order)", () => {
    const o = new Outbox({ maxOpenStreams: 1, maxQueuedBytes: 1e6 }, () => undefined);
    const old = new Job(1, 2, 128, 128, o);
    o.submit(old, old);
    old.draining = true;
    old.superseded = true;
    const next = new Job(2, 1, 128, 128, o);
    o.submit(next, next);
    expect(old.dropped).toBe(false);
    expect(next.started).toBe(false);
    old.release?.();
    expect(next.started).toBe(true);
  });
});

describe("victimOrder", () => {
  it("orders lowest priority and oldest first, newest Groups last", () => {
    const v = [
      { newest: true, subscriberPriority: 255, publisherPriority: 255, groupId: 1 },
      { newest: false, subscriberPriority: 0, publisherPriority: 0, groupId: 9 },
      { newest: false, subscriberPriority: 0, publisherPriority: 0, groupId: 3 },
      { newest: false, subscriberPriority: 0, publisherPriority: 50, groupId: 8 },
      { newest: false, subscriberPriority: 200, publisherPriority: 0, groupId: 9 },
    ];
    expect(
      v.sort(victimOrder).map((x) => `${x.subscriberPriority}/${x.publisherPriority}/${x.groupId}`),
    ).toEqual(["200/0/9", "0/50/8", "0/0/3", "0/0/9", "255/255/1"]);
  });
});
