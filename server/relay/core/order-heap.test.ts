import { describe, expect, it } from "vitest";
import { OrderHeap } from "./order-heap.ts";

describe("OrderHeap", () => {
  it("pops the highest key first, equal keys in the order pushed", () => {
    const h = new OrderHeap<string>();
    const pushed: [string, number][] = [
      ["a", 1],
      ["b", 5],
      ["c", 3],
      ["d", 5],
      ["e", 1],
      ["f", 9],
      ["g", 3],
    ];
    for (const [v, k] of pushed) h.push(v, k);
    const out: string[] = [];
    for (let e = h.pop(); e !== undefined; e = h.pop()) out.push(e.value);
    expect(out).toEqual(["f", "b", "d", "c", "g", "a", "e"]);
  });

  it("orders like a stable sort on random keys", () => {
    const h = new OrderHeap<number>();
    const keys = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 37) - 18);
    for (const [i, k] of keys.entries()) h.push(i, k);
    const want = keys
      .map((k, i) => ({ k, i }))
      .sort((a, b) => b.k - a.k || a.i - b.i)
      .map((x) => x.i);
    const got: number[] = [];
    for (let e = h.pop(); e !== undefined; e = h.pop()) got.push(e.value);
    expect(got).toEqual(want);
  });

  it("drains in the order pushed", () => {
    const h = new OrderHeap<string>();
    h.push("x", 1);
    h.push("y", 9);
    h.push("z", 4);
    expect(h.drain()).toEqual(["x", "y", "z"]);
    expect(h.size).toBe(0);
  });
});
