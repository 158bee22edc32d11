// Run: npx deno test -A server/engine/
// A stock @trpc/client, typed by the exported router type, calls the engine over
// real HTTP (Deno.serve on a free loopback port).
import assert from "node:assert/strict";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { EngineRouter } from "./mod.ts";
import { EngineHarness } from "./testing/harness.ts";

Deno.test("a stock @trpc/client given EngineRouter calls every kind of procedure", async () => {
  const h = await EngineHarness.open();
  const http = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    return h.engine.handle(req) ?? new Response("not found", { status: 404 });
  });
  try {
    const trpc = createTRPCClient<EngineRouter>({
      links: [
        httpBatchLink({
          url: `http://127.0.0.1:${http.addr.port}/trpc`,
          headers: { authorization: `Bearer ${h.dev.apiKey}` },
        }),
      ],
    });
    const { input, streamKey } = await trpc.liveInputs.create.mutate({
      name: "from trpc",
      ingest: "whip",
    });
    assert.match(streamKey, /^sk_/);
    const [one, all] = await Promise.all([
      trpc.liveInputs.get.query({ id: input.id }),
      trpc.liveInputs.list.query(),
    ]);
    assert.equal(one.name, "from trpc");
    assert.ok(all.some((i) => i.id === input.id));
    const refused = await trpc.liveInputs.get.query({ id: "nope" }).catch((x: unknown) => x);
    assert.ok(refused instanceof TRPCClientError);
    const data = (refused as TRPCClientError<EngineRouter>).data as Record<string, unknown>;
    assert.equal(data.code, "BAD_REQUEST");
    assert.equal(data.reason, "validation");
    assert.match(String((data.fields as Record<string, string[]>).id), /li_/);
  } finally {
    await http.shutdown();
    await h.close();
  }
});
