import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StreamOpenRetry } from "./stream-open-retry.ts";

const LIMITS = { firstDelayMs: 5, maxDelayMs: 40, maxWaitMs: 1_000 };

/** A runtime that grants `credit` opens, then refuses until more credit is given. */
function fakeRuntime() {
  const rt = {
    credit: 2,
    closed: false,
    attempts: 0,
    opened: [] as number[],
    open: (id: number | undefined): Promise<number> => {
      rt.attempts++;
      if (rt.closed) return Promise.reject(new Error("session closed"));
      if (rt.credit <= 0) return Promise.reject(new Error("Failed to create send stream"));
      rt.credit--;
      rt.opened.push(id ?? -1);
      return Promise.resolve(id ?? -1);
    },
  };
  return rt;
}

/** The retry under test, over `rt`, on the fake timers' clock. */
function retryOver(rt: ReturnType<typeof fakeRuntime>) {
  return new StreamOpenRetry(
    rt.open,
    () => rt.closed,
    LIMITS,
    () => Date.now(),
  );
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("StreamOpenRetry", () => {
  it("opens at once while the runtime has credit", async () => {
    const rt = fakeRuntime();
    const r = retryOver(rt);
    await expect(Promise.all([r.create(1), r.create(2)])).resolves.toEqual([1, 2]);
    expect(rt.attempts).toBe(2);
  });

  it("retries refused opens once credit returns, in the order they were asked for", async () => {
    const rt = fakeRuntime();
    const r = retryOver(rt);
    const all = Promise.all([1, 2, 3, 4, 5].map((i) => r.create(i)));
    await vi.advanceTimersByTimeAsync(30);
    expect(rt.opened).toEqual([1, 2]);
    const later = r.create(6); // queues behind the refused ones
    rt.credit = 10;
    await vi.advanceTimersByTimeAsync(100);
    await expect(all).resolves.toEqual([1, 2, 3, 4, 5]);
    await expect(later).resolves.toBe(6);
    expect(rt.opened).toEqual([1, 2, 3, 4, 5, 6]);
    // Recovered: the next open goes straight to the runtime.
    const attempts = rt.attempts;
    await expect(r.create(7)).resolves.toBe(7);
    expect(rt.attempts).toBe(attempts + 1);
  });

  it("tries only the oldest waiting open while the runtime keeps refusing", async () => {
    const rt = fakeRuntime();
    rt.credit = 0;
    const r = retryOver(rt);
    for (let i = 0; i < 50; i++) void r.create(i).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(rt.attempts).toBe(50);
    await vi.advanceTimersByTimeAsync(LIMITS.firstDelayMs);
    expect(rt.attempts).toBe(51);
  });

  it("once credit returns, tries the waiting opens a few at a time, stopping at a refusal", async () => {
    const rt = fakeRuntime();
    rt.credit = 0;
    const r = retryOver(rt);
    const all = Promise.all(Array.from({ length: 100 }, (_, i) => r.create(i)));
    await vi.advanceTimersByTimeAsync(0);
    const before = rt.attempts;
    // Credit for 20 of the 100: every refusal is a STREAMS_BLOCKED frame in Chromium.
    rt.credit = 20;
    await vi.advanceTimersByTimeAsync(LIMITS.firstDelayMs);
    expect(rt.opened).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(rt.attempts - before).toBeLessThanOrEqual(20 + 64);
    rt.credit = 1_000;
    await vi.advanceTimersByTimeAsync(LIMITS.maxDelayMs);
    await expect(all).resolves.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("backs off between rounds without success, up to maxDelayMs", async () => {
    const rt = fakeRuntime();
    rt.credit = 0;
    const r = retryOver(rt);
    void r.create(1).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(rt.attempts).toBe(1);
    // Rounds at 5, 15 (5 + 10), 35 (+20), 75 (+40), 115 (+40) ms.
    await vi.advanceTimersByTimeAsync(115);
    expect(rt.attempts).toBe(6);
  });

  it("rejects with the runtime's error after maxWaitMs", async () => {
    const rt = fakeRuntime();
    rt.credit = 0;
    const r = retryOver(rt);
    const p = r.create(1);
    const outcome = p.then(
      () => "opened",
      (e: Error) => e.message,
    );
    await vi.advanceTimersByTimeAsync(LIMITS.maxWaitMs + LIMITS.maxDelayMs);
    await expect(outcome).resolves.toBe("Failed to create send stream");
  });

  it("rejects every waiting open at once when the session has ended", async () => {
    const rt = fakeRuntime();
    rt.credit = 0;
    const r = retryOver(rt);
    const outcomes = [1, 2, 3].map((i) =>
      r.create(i).then(
        () => "opened",
        () => "rejected",
      ),
    );
    await vi.advanceTimersByTimeAsync(1);
    rt.closed = true;
    await vi.advanceTimersByTimeAsync(LIMITS.firstDelayMs);
    await expect(Promise.all(outcomes)).resolves.toEqual(["rejected", "rejected", "rejected"]);
    const attempts = rt.attempts;
    await vi.advanceTimersByTimeAsync(500);
    expect(rt.attempts).toBe(attempts);
  });
});
