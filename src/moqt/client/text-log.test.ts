import { describe, expect, it } from "vitest";
import { GroupCounter } from "./group-counter.ts";
import { TEXT_GROUP_SIZE, TextLog } from "./text-log.ts";

const payload = new Uint8Array(0);

describe("TextLog", () => {
  it("numbers 64 messages per Group from a clock-seeded, increasing Group ID", () => {
    const log = new TextLog(new GroupCounter({ nowMs: () => 5000 }));
    const first = log.append(payload, 0);
    expect(first).toMatchObject({ groupId: 5000, objectId: 0 });
    for (let i = 1; i < TEXT_GROUP_SIZE; i++) log.append(payload, i);
    expect(log.append(payload, 99)).toMatchObject({ groupId: 5001, objectId: 0 });
    expect(log.unsent).toBe(65);
  });

  it("retains the current and previous Group for a resend, and forgets older ones", () => {
    const log = new TextLog(new GroupCounter({ nowMs: () => 0 }));
    for (let i = 0; i < 3 * TEXT_GROUP_SIZE + 5; i++) log.append(payload, i);
    for (;;) {
      const e = log.nextUnsent();
      if (e === undefined) break;
      log.markSent(e);
      if (e.objectId === TEXT_GROUP_SIZE - 1) log.trim();
    }
    log.trim();
    expect(log.unsent).toBe(0);
    log.resendAll();
    // Groups 2 (previous) and 3 (current, 5 messages) are kept.
    expect(log.unsent).toBe(TEXT_GROUP_SIZE + 5);
    expect(log.nextUnsent()).toMatchObject({ groupId: 2, objectId: 0 });
    expect(log.endLocation()).toEqual({ groupId: 3, objectId: 5 });
  });
});
