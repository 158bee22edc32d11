import { describe, expect, it } from "vitest";
import { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";
import { ExponentialBackoff, NO_RECONNECT } from "./reconnect-policy.ts";

const error = new MoqtClientError(MoqtClientErrorCode.CONNECTION_LOST, "lost");
const ctx = (attempt: number, elapsedMs = 0) => ({ attempt, error, elapsedMs });

describe("ExponentialBackoff", () => {
  it("grows exponentially and is capped", () => {
    const p = new ExponentialBackoff({ initialDelayMs: 100, maxDelayMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6, 20].map((a) => p.nextDelayMs(ctx(a)))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });

  it("jitters each delay within [d × (1 − jitter), d]", () => {
    const lows = new ExponentialBackoff({ initialDelayMs: 1000, jitter: 0.5, random: () => 0.999 });
    const highs = new ExponentialBackoff({ initialDelayMs: 1000, jitter: 0.5, random: () => 0 });
    expect(lows.nextDelayMs(ctx(1))).toBe(500);
    expect(highs.nextDelayMs(ctx(1))).toBe(1000);
    const p = new ExponentialBackoff({ initialDelayMs: 1000, maxDelayMs: 8000 });
    const delays = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const d = p.nextDelayMs(ctx(10, 60_000))!;
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
      delays.add(d);
    }
    expect(delays.size).toBeGreaterThan(10);
  });

  it("stays at most recoveryMaxDelayMs for recoveryWindowMs after the failure, then grows to maxDelayMs", () => {
    const p = new ExponentialBackoff({ jitter: 0 });
    expect([1, 2, 3, 4, 5, 10].map((a) => p.nextDelayMs(ctx(a, 29_999)))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(p.nextDelayMs(ctx(10, 30_000))).toBe(10_000);
    const off = new ExponentialBackoff({ jitter: 0, recoveryWindowMs: 0 });
    expect(off.nextDelayMs(ctx(10, 0))).toBe(10_000);
    expect(new ExponentialBackoff({ initialDelayMs: 2000, jitter: 0 }).nextDelayMs(ctx(3))).toBe(
      2000,
    );
  });

  it("returns null after maxAttempts or maxElapsedMs", () => {
    const p = new ExponentialBackoff({ maxAttempts: 2, maxElapsedMs: 5000 });
    expect(p.nextDelayMs(ctx(2))).not.toBeNull();
    expect(p.nextDelayMs(ctx(3))).toBeNull();
    expect(p.nextDelayMs(ctx(1, 5001))).toBeNull();
    expect(NO_RECONNECT.nextDelayMs(ctx(1))).toBeNull();
  });

  it("rejects invalid options with INVALID_ARGUMENT", () => {
    expect(() => new ExponentialBackoff({ jitter: 2 })).toThrowError(
      expect.objectContaining({ code: MoqtClientErrorCode.INVALID_ARGUMENT }),
    );
    expect(() => new ExponentialBackoff({ initialDelayMs: 10, maxDelayMs: 5 })).toThrowError(
      /maxDelayMs/,
    );
  });
});
