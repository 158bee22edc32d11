// Run: npx deno test -A server/engine/voice/webhooks.deno.test.ts
import assert from "node:assert/strict";
import { systemClock } from "../../relay/core/clock.ts";
import { WebhookSender } from "./webhooks.ts";

Deno.test("webhooks of one call are delivered in order: a later event waits for an earlier one's retries", async () => {
  const delivered: string[] = [];
  let refusals = 2;
  const fetchStub = (async (_url: string, init: RequestInit) => {
    const status = (JSON.parse(init.body as string) as { status: string }).status;
    if (status === "ringing" && refusals-- > 0) return new Response(null, { status: 503 });
    delivered.push(status);
    return new Response(null, { status: 200 });
  }) as typeof fetch;
  const sender = new WebhookSender(systemClock, () => {}, fetchStub);
  try {
    for (const status of ["dialing", "ringing", "in_progress"]) {
      sender.send("http://receiver.invalid/", "whsec_x", { status }, "CA1");
    }
    sender.send("http://receiver.invalid/", "whsec_x", { status: "other call" }, "CA2");
    const deadline = Date.now() + 5000;
    while (delivered.length < 4 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(delivered, ["dialing", "other call", "ringing", "in_progress"]);
  } finally {
    sender.close();
  }
});
