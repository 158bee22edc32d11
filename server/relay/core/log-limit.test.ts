import { describe, expect, it } from "vitest";
import { rateLimitedLogger } from "./log-limit.ts";
import { MemoryLogger } from "./testing/memory-logger.ts";

const LIMITS = {
  perSession: { burst: 3, refillMs: 1000 },
  perAddress: { burst: 5, refillMs: 1000 },
  perEvent: { burst: 2, refillMs: 1000 },
};

describe("rateLimitedLogger (peer-caused records bounded)", () => {
  it("limits warnings per session, then reports how many were suppressed", () => {
    let now = 0;
    const inner = new MemoryLogger();
    const log = rateLimitedLogger(inner, () => now, LIMITS);
    for (let i = 0; i < 10; i++) log.log("warn", "session.violation", { session: 1 });
    expect(inner.events("session.violation")).toHaveLength(3);
    now = 1000;
    log.log("warn", "session.violation", { session: 1 });
    expect(inner.events("session.violation")[3]!.fields.suppressed).toBe(7);
  });

  it("limits per address across sessions; the relay's own and info records pass", () => {
    const inner = new MemoryLogger();
    const log = rateLimitedLogger(inner, () => 0, LIMITS);
    for (let s = 0; s < 20; s++)
      log.log("warn", "session.closed", { session: s, address: "10.0.0.9" });
    expect(inner.events("session.closed")).toHaveLength(5);
    log.log("warn", "session.closed", { session: 99, address: "10.0.0.10" });
    expect(inner.events("session.closed")).toHaveLength(6);
    for (let i = 0; i < 20; i++)
      log.log("info", "session.accepted", { session: 1, address: "10.0.0.9" });
    for (let i = 0; i < 20; i++) log.log("error", "server.start_failed", {});
    expect(inner.events("session.accepted")).toHaveLength(20);
    expect(inner.events("server.start_failed")).toHaveLength(20);
  });

  it("dependency console errors become warnings, limited like a peer", () => {
    const inner = new MemoryLogger();
    const log = rateLimitedLogger(inner, () => 0, LIMITS);
    for (let i = 0; i < 10; i++) log.log("error", "console", { message: "Protocol violation:" });
    expect(inner.events("console").map((r) => r.level)).toEqual(["warn", "warn"]);
  });
});
