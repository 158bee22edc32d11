// Received media as time ranges (ms), like a SourceBuffer's `buffered`: what the
// WebCodecs backend can play without waiting, and where the gaps are.

/** Fragments closer than this are one range (rounding of media times). */
const JOIN_MS = 50;

export class MediaRanges {
  private ranges: { startMs: number; endMs: number }[] = [];

  add(startMs: number, endMs: number): void {
    const sorted = [...this.ranges, { startMs, endMs }].sort((a, b) => a.startMs - b.startMs);
    const merged: { startMs: number; endMs: number }[] = [];
    for (const x of sorted) {
      const last = merged[merged.length - 1];
      if (last !== undefined && x.startMs <= last.endMs + JOIN_MS) {
        last.endMs = Math.max(last.endMs, x.endMs);
      } else merged.push({ ...x });
    }
    this.ranges = merged;
  }

  /** Media ahead of `ms` in the range holding it; 0 in a gap. */
  aheadOf(ms: number): number {
    const r = this.ranges.find((x) => x.startMs <= ms && ms < x.endMs);
    return r === undefined ? 0 : r.endMs - ms;
  }

  /** Media from `ms` to the end of the last range. */
  edgeAheadOf(ms: number): number {
    const last = this.ranges[this.ranges.length - 1];
    return last === undefined ? 0 : Math.max(0, last.endMs - ms);
  }

  /** Start of the first range after `ms` (the other side of a gap), if any. */
  nextStartAfter(ms: number): number | undefined {
    return this.ranges.find((x) => x.startMs > ms)?.startMs;
  }

  /** Forgets media that ended before `ms`. */
  trimBefore(ms: number): void {
    while (this.ranges.length > 1 && this.ranges[0]!.endMs < ms) this.ranges.shift();
  }
}
