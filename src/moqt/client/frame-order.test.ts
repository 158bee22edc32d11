import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FrameOrder, type OrderedFrame } from "./frame-order.ts";

const f = (groupId: number, priority = 200): OrderedFrame => ({ groupId, priority });

describe("FrameOrder", () => {
  let got: number[];
  let order: FrameOrder<OrderedFrame>;
  beforeEach(() => {
    vi.useFakeTimers();
    got = [];
    order = new FrameOrder(50, (x) => got.push(x.groupId));
  });
  afterEach(() => vi.useRealTimers());

  it("puts swapped frames of equal priority back in Group order", () => {
    order.expect(10);
    for (const g of [10, 12, 11, 13, 15, 14]) order.push(f(g));
    expect(got).toEqual([10, 11, 12, 13, 14, 15]);
  });

  it("holds the first frame for the window when the first Group is unknown", () => {
    order.push(f(7));
    expect(got).toEqual([]);
    order.push(f(6));
    vi.advanceTimersByTime(50);
    expect(got).toEqual([6, 7]);
    order.push(f(8));
    expect(got).toEqual([6, 7, 8]);
  });

  it("gives up on a missing Group after the window, then stays in order", () => {
    order.expect(1);
    order.push(f(1));
    order.push(f(3));
    order.push(f(5));
    vi.advanceTimersByTime(49);
    expect(got).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(got).toEqual([1, 3]);
    vi.advanceTimersByTime(50);
    expect(got).toEqual([1, 3, 5]);
    order.push(f(2)); // later than its window: delivered, not lost
    expect(got).toEqual([1, 3, 5, 2]);
  });

  it("lets a more urgent frame overtake the missing Groups, and keeps the rest in order", () => {
    order.expect(1);
    order.push(f(1, 200));
    order.push(f(3, 10));
    expect(got).toEqual([1, 3]);
    order.push(f(4, 200));
    order.push(f(2, 200));
    expect(got).toEqual([1, 3, 2, 4]);
  });

  it("delivers as frames arrive with a zero window, and drops what is held on clear", () => {
    const raw: number[] = [];
    const off = new FrameOrder(0, (x) => raw.push(x.groupId));
    for (const g of [2, 1, 3]) off.push(f(g));
    expect(raw).toEqual([2, 1, 3]);
    order.expect(1);
    order.push(f(2));
    order.clear();
    vi.advanceTimersByTime(100);
    expect(got).toEqual([]);
  });
});
