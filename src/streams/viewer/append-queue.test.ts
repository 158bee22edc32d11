// AppendQueue against a SourceBuffer stand-in with a small quota: a
// QuotaExceededError evicts media behind the playhead and the append goes on.
import { describe, expect, it } from "vitest";
import { AppendQueue } from "./append-queue.ts";

/** Holds whole seconds of media; `appendBuffer` throws QuotaExceededError past `quotaS`. */
class QuotaBuffer extends EventTarget {
  updating = false;
  private readonly seconds = new Set<number>();
  private next = 0;
  readonly removed: [number, number][] = [];

  constructor(private readonly quotaS: number) {
    super();
  }

  get buffered(): TimeRanges {
    const s = [...this.seconds].sort((a, b) => a - b);
    return {
      length: s.length === 0 ? 0 : 1,
      start: () => s[0]!,
      end: () => s[s.length - 1]! + 1,
    } as TimeRanges;
  }

  readonly appendSizes: number[] = [];

  /** One second of media per byte appended. */
  appendBuffer(bytes: Uint8Array): void {
    if (this.seconds.size + bytes.byteLength > this.quotaS) {
      throw new DOMException("full", "QuotaExceededError");
    }
    this.appendSizes.push(bytes.byteLength);
    for (let i = 0; i < bytes.byteLength; i++) this.seconds.add(this.next++);
    this.finish();
  }

  remove(startS: number, endS: number): void {
    this.removed.push([startS, endS]);
    for (const t of [...this.seconds]) if (t >= startS && t + 1 <= endS) this.seconds.delete(t);
    this.finish();
  }

  private finish(): void {
    this.updating = true;
    queueMicrotask(() => {
      this.updating = false;
      this.dispatchEvent(new Event("updateend"));
    });
  }
}

describe("AppendQueue", () => {
  it("evicts behind the playhead on QuotaExceededError and keeps appending", async () => {
    const sb = new QuotaBuffer(5);
    let playheadS = 0;
    const errors: unknown[] = [];
    // A long back buffer: only the quota makes it evict.
    const q = new AppendQueue(
      sb as unknown as SourceBuffer,
      () => playheadS,
      60_000,
      (e) => errors.push(e),
    );
    for (let i = 0; i < 20; i++) {
      q.append(new Uint8Array(1));
      await q.idle();
      playheadS = i - 1; // playback follows a second behind the newest fragment
    }
    expect(errors).toEqual([]);
    expect(sb.removed.length).toBeGreaterThan(0);
    expect(sb.buffered.end(0)).toBe(20); // every fragment got in
  });

  it("merges the appends queued behind a running one, in order", async () => {
    const sb = new QuotaBuffer(100);
    const q = new AppendQueue(
      sb as unknown as SourceBuffer,
      () => 0,
      60_000,
      () => undefined,
    );
    for (let i = 0; i < 6; i++) q.append(new Uint8Array(1));
    await q.idle();
    // The first starts at once; the five queued behind it go in as one.
    expect(sb.appendSizes).toEqual([1, 5]);
    expect(sb.buffered.end(0)).toBe(6);
  });

  it("says when the appends so far are in, while more keep coming", async () => {
    const sb = new QuotaBuffer(1000);
    const q = new AppendQueue(
      sb as unknown as SourceBuffer,
      () => 0,
      60_000,
      () => undefined,
    );
    for (let i = 0; i < 3; i++) q.append(new Uint8Array(1));
    let flowed = 0;
    let flowedWhenDone: number | undefined;
    const appended = q.appended().then(() => {
      flowedWhenDone = flowed;
      expect(sb.buffered.end(0)).toBeGreaterThanOrEqual(3);
    });
    // A steady flow behind them: new appends land while updates run.
    for (; flowed < 20; flowed++) {
      q.append(new Uint8Array(1));
      await Promise.resolve();
    }
    await appended;
    expect(flowedWhenDone).toBeLessThan(20); // not held back until the flow stopped
  });
});
