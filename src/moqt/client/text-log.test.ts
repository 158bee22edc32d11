import { describe, expect, it } from "vitest";
import { GroupCounter } from "./group-counter.ts";
import { TEXT_GROUP_SIZE, TextLog } from "./text-log.ts";

const payload = new Uint8Array(0);

/** A log whose clock the test moves; `retentionMs` / `maxRetained` as given. */
function logWith(retentionMs: number, maxRetained = 4096) {
  const clock = { t: 0, nowMs: () => clock.t };
  const log = new TextLog(new GroupCounter({ nowMs: () => 0 }), {
    clock,
    retentionMs,
    maxRetained,
  });
  return { log, clock };
}

/** Hands every waiting message to a session, as the pump does. */
function sendAll(log: TextLog): void {
  for (;;) {
    const e = log.nextUnsent();
    if (e === undefined) return;
    log.markSent(e);
  }
}

describe("TextLog", () => {
  it("numbers 64 messages per Group from a clock-seeded, increasing Group ID", () => {
    const log = new TextLog(new GroupCounter({ nowMs: () => 5000 }), {
      clock: { nowMs: () => 0 },
      retentionMs: 0,
      maxRetained: 0,
    });
    const first = log.append(payload, 0);
    expect(first).toMatchObject({ groupId: 5000, objectId: 0 });
    for (let i = 1; i < TEXT_GROUP_SIZE; i++) log.append(payload, i);
    expect(log.append(payload, 99)).toMatchObject({ groupId: 5001, objectId: 0 });
    expect(log.unsent).toBe(65);
    expect(log.waiting).toBe(65);
  });

  it("without a retention window keeps the current and previous Group only", () => {
    const { log } = logWith(0);
    for (let i = 0; i < 3 * TEXT_GROUP_SIZE + 5; i++) log.append(payload, i);
    sendAll(log);
    expect(log.unsent).toBe(0);
    log.resendAll();
    // Groups 2 (previous) and 3 (current, 5 messages) are kept.
    expect(log.unsent).toBe(TEXT_GROUP_SIZE + 5);
    expect(log.waiting).toBe(0);
    expect(log.nextUnsent()).toMatchObject({ groupId: 2, objectId: 0 });
    expect(log.endLocation()).toEqual({ groupId: 3, objectId: 5 });
  });

  it("keeps every message written within the retention window, and drops older ones", () => {
    const { log, clock } = logWith(1000);
    // 500 messages, one every 20 ms: 10 s.
    for (let i = 0; i < 500; i++) {
      clock.t = i * 20;
      log.append(payload, i);
      sendAll(log);
    }
    log.resendAll();
    // Written at or after 9980 - 1000 ms: messages 450..499 — fewer than the two
    // newest Groups (6 and 7: 64 + 52), which are kept whatever their age.
    expect(log.unsent).toBe(TEXT_GROUP_SIZE + 52);
    expect(log.nextUnsent()).toMatchObject({ groupId: 6, objectId: 0 });

    const long = logWith(30_000);
    for (let i = 0; i < 500; i++) {
      long.clock.t = i * 20;
      long.log.append(payload, i);
      sendAll(long.log);
    }
    long.log.resendAll();
    expect(long.log.unsent).toBe(500);
    expect(long.log.retained).toBe(500);
    expect(long.log.nextUnsent()).toMatchObject({ groupId: 0, objectId: 0 });
    // Time passes without writes: on the next session only the two newest Groups are left.
    long.clock.t += 60_000;
    sendAll(long.log);
    long.log.resendAll();
    expect(long.log.unsent).toBe(TEXT_GROUP_SIZE + 52);
  });

  it("bounds the retained messages by maxRetained, oldest first, beyond the two newest Groups", () => {
    const { log } = logWith(30_000, 300);
    for (let i = 0; i < 1000; i++) {
      log.append(payload, i);
      sendAll(log);
    }
    expect(log.retained).toBe(300);
    log.resendAll();
    expect(log.unsent).toBe(300);
    expect(log.nextUnsent()).toMatchObject({ groupId: 10, objectId: 60 }); // message 700

    const small = logWith(30_000, 10);
    for (let i = 0; i < 1000; i++) {
      small.log.append(payload, i);
      sendAll(small.log);
    }
    expect(small.log.retained).toBe(TEXT_GROUP_SIZE + 40); // Groups 14 and 15, never dropped
  });

  it("counts only never-sent messages as waiting, even while resending", () => {
    const { log } = logWith(30_000);
    for (let i = 0; i < 200; i++) log.append(payload, i);
    sendAll(log);
    for (let i = 0; i < 7; i++) log.append(payload, i);
    log.resendAll(); // a new session: 200 to resend, 7 never sent
    expect(log.unsent).toBe(207);
    expect(log.waiting).toBe(7);
    for (let i = 0; i < 150; i++) log.markSent(log.nextUnsent()!);
    expect(log.waiting).toBe(7);
    sendAll(log);
    expect(log.waiting).toBe(0);
    expect(log.retained).toBe(207);
  });
});
