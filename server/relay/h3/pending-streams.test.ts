import assert from "node:assert/strict";
import { PendingStreams } from "./pending-streams.ts";
import { StreamReader } from "./stream-reader.ts";

function trackedReader(): { reader: StreamReader; cancelled: () => boolean } {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    cancel() {
      cancelled = true;
    },
  });
  return { reader: new StreamReader(stream), cancelled: () => cancelled };
}

Deno.test("pending streams: bounded buffer, take by session, refusal on timeout", async () => {
  const pending = new PendingStreams(2, 20);
  const a = trackedReader();
  const b = trackedReader();
  const c = trackedReader();
  assert.ok(pending.add(0, { kind: "uni", reader: a.reader }));
  assert.ok(pending.add(4, { kind: "uni", reader: b.reader }));
  assert.ok(!pending.add(4, { kind: "uni", reader: c.reader }), "full");
  assert.deepEqual(
    pending.take(0).map((s) => s.reader),
    [a.reader],
  );
  assert.deepEqual(pending.take(0), []);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.ok(b.cancelled(), "timed-out stream refused");
  assert.ok(!a.cancelled(), "delivered stream untouched");
  assert.deepEqual(pending.take(4), []);
  assert.ok(pending.add(8, { kind: "uni", reader: c.reader }), "room again");
  pending.dropAll();
  await Promise.resolve();
  assert.ok(c.cancelled());
});
