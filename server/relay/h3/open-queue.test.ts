import assert from "node:assert/strict";
import { SessionClosedError } from "./errors.ts";
import { OpenQueue } from "./open-queue.ts";

Deno.test("open queue: holds opens beyond the limit and admits them in FIFO order", async () => {
  const queue = new OpenQueue(2);
  const first = await queue.acquire();
  const second = await queue.acquire();
  const order: number[] = [];
  const admitted = (n: number) => (release: () => void) => {
    order.push(n);
    return release;
  };
  const third = queue.acquire().then(admitted(3));
  const fourth = queue.acquire().then(admitted(4));
  await Promise.resolve();
  assert.equal(queue.openCount, 2);
  assert.equal(queue.queued, 2);
  first();
  first(); // releasing twice frees one slot only
  const releaseThird = await third;
  assert.deepEqual(order, [3]);
  assert.equal(queue.queued, 1);
  second();
  const releaseFourth = await fourth;
  assert.deepEqual(order, [3, 4]);
  releaseThird();
  releaseFourth();
  assert.equal(queue.openCount, 0);
});

Deno.test("open queue: close rejects waiting and later opens", async () => {
  const queue = new OpenQueue(1);
  await queue.acquire();
  const waiting = queue.acquire();
  queue.close();
  await assert.rejects(waiting, SessionClosedError);
  await assert.rejects(queue.acquire(), SessionClosedError);
  assert.throws(() => new OpenQueue(0), RangeError);
});

Deno.test("open queue: tryAcquire takes a free slot at once, never one a waiter is owed", async () => {
  const queue = new OpenQueue(1);
  const release = queue.tryAcquire();
  assert.ok(release);
  assert.equal(queue.tryAcquire(), undefined); // full
  const waiting = queue.acquire();
  release();
  assert.equal(queue.tryAcquire(), undefined); // the slot went to the waiter
  (await waiting)();
  assert.ok(queue.tryAcquire());
  queue.close();
  assert.equal(queue.tryAcquire(), undefined);
});
