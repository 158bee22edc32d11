// How long the relay holds an Object before a subscriber's transport accepts it:
// from its arrival (`RelayObject.receivedAtMs`) to the write on that subscriber's
// stream completing. The relay's own share of publish-to-receive latency, without
// the network and the clients.

/** Buckets of 1 ms; the last one collects everything from `MAX_MS` on. */
const MAX_MS = 10_000;

/** Counts of forward delays since the relay started, in 1 ms buckets. */
export class ForwardDelay {
  private readonly counts = new Uint32Array(MAX_MS + 1);

  /** One Object accepted by a subscriber's transport `delayMs` after it arrived. */
  record(delayMs: number): void {
    const bucket = delayMs <= 0 ? 0 : delayMs >= MAX_MS ? MAX_MS : Math.floor(delayMs);
    this.counts[bucket]!++;
  }

  /** The non-empty buckets, `[ms, count]` in increasing ms (a delay of ms ≤ d < ms + 1). */
  snapshot(): [number, number][] {
    const out: [number, number][] = [];
    this.counts.forEach((n, ms) => {
      if (n > 0) out.push([ms, n]);
    });
    return out;
  }
}

/**
 * The `q` quantile (0..1) of the delays counted between two snapshots
 * (`before` may be empty), as its bucket's lower bound in ms; NaN without delays.
 */
export function delayQuantileMs(
  after: readonly (readonly [number, number])[],
  before: readonly (readonly [number, number])[],
  q: number,
): number {
  const earlier = new Map(before.map(([ms, n]) => [ms, n]));
  const diff = after.map(([ms, n]) => [ms, n - (earlier.get(ms) ?? 0)] as const);
  const total = diff.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.floor(q * (total - 1));
  let seen = 0;
  for (const [ms, n] of diff) {
    seen += n;
    if (seen > rank) return ms;
  }
  return diff[diff.length - 1]![0];
}
