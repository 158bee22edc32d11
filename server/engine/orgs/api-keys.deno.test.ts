// Run: npx deno test -A server/engine/
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EngineHarness, storedText } from "../testing/harness.ts";
import type { ApiKeyRecord } from "./api-key-store.ts";
import { DEV_CREDENTIALS_FILE } from "./bootstrap.ts";

Deno.test("API keys: created with a secret shown once, listed without it, revocable", async () => {
  const h = await EngineHarness.open();
  try {
    const made = await h.ok<{ apiKey: ApiKeyRecord; secret: string }>(
      "mutation",
      "apiKeys.create",
      {
        name: "ci",
      },
    );
    assert.match(made.secret, /^cck_/);
    assert.match(made.apiKey.id, /^ak_/);
    const list = await h.ok<ApiKeyRecord[]>("query", "apiKeys.list");
    assert.equal(list.length, 2);
    assert.ok(!JSON.stringify(list).includes(made.secret), "no secret in the list");
    // Only a hash is stored.
    assert.ok(!storedText(h.dataDir).includes(made.secret), "no cleartext in the database files");
    // The new key works, for the same org.
    const viaNew = await h.ok<ApiKeyRecord[]>("query", "apiKeys.list", undefined, made.secret);
    assert.equal(viaNew.length, 2);
    await h.ok("mutation", "apiKeys.revoke", { id: made.apiKey.id });
    const refused = await h.call("query", "liveInputs.list", undefined, made.secret);
    assert.equal(refused.status, 401);
    assert.equal(refused.error?.data.reason, "invalid_api_key");
  } finally {
    await h.close();
  }
});

Deno.test("requests without a key, with a wrong key, or naming another org are refused", async () => {
  const h = await EngineHarness.open();
  try {
    const none = await h.call("query", "liveInputs.list", undefined, null);
    assert.equal(none.status, 401);
    assert.equal(none.error?.data.reason, "missing_api_key");
    const wrong = await h.call("query", "liveInputs.list", undefined, "cck_nope");
    assert.equal(wrong.error?.data.reason, "invalid_api_key");
    const res = await h.engine.handle(
      new Request("http://127.0.0.1:4999/trpc/liveInputs.list", {
        headers: { authorization: `Bearer ${h.dev.apiKey}`, "x-clutchcall-org": h.other.orgId },
      }),
    )!;
    assert.equal(res.status, 403);
    const body = await res.json();
    assert.equal(body.error.data.reason, "org_mismatch");
    assert.ok(!JSON.stringify(body).includes("stack"), "no stack trace on the wire");
  } finally {
    await h.close();
  }
});

Deno.test("the development credentials survive a restart; a revoked dev key is replaced", async () => {
  const h = await EngineHarness.open();
  try {
    const first = h.dev;
    const saved = JSON.parse(readFileSync(join(h.dataDir, DEV_CREDENTIALS_FILE), "utf8"));
    assert.deepEqual(saved, first);
    assert.equal((await Deno.stat(join(h.dataDir, DEV_CREDENTIALS_FILE))).mode! & 0o777, 0o600);
    h.reopen();
    assert.deepEqual(h.dev, first);
    const keys = await h.ok<ApiKeyRecord[]>("query", "apiKeys.list");
    await h.ok("mutation", "apiKeys.revoke", { id: keys[0]!.id });
    h.reopen();
    assert.equal(h.dev.orgId, first.orgId);
    assert.notEqual(h.dev.apiKey, first.apiKey);
    assert.equal((await h.ok<unknown[]>("query", "apiKeys.list")).length, 2);
  } finally {
    await h.close();
  }
});
