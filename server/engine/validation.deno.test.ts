// Run: npx deno test -A server/engine/
// Every procedure of the orgs and streams modules that takes input refuses bad input with a typed validation error
// (BAD_REQUEST, reason "validation") whose message and `fields` name the field.
import assert from "node:assert/strict";
import { engineRouter } from "./modules.ts";
import { EngineHarness } from "./testing/harness.ts";

/** Per procedure: bad inputs and the field each must name. */
const BAD: Record<string, [unknown, string][]> = {
  "apiKeys.create": [
    [{}, "name"],
    [{ name: "" }, "name"],
    [{ name: "x", admin: true }, "admin"],
  ],
  "apiKeys.get": [[{ id: "li_abc" }, "id"]],
  "apiKeys.revoke": [[{}, "id"]],
  "liveInputs.create": [
    [{ name: "x" }, "ingest"],
    [{ name: "x", ingest: "hls" }, "ingest"],
    [{ name: "y".repeat(201), ingest: "rtmp" }, "name"],
    [{ name: 5, ingest: "rtmp" }, "name"],
  ],
  "liveInputs.get": [
    [{}, "id"],
    [{ id: "as_abc" }, "id"],
  ],
  "liveInputs.update": [
    [{ name: "x" }, "id"],
    [{ id: "li_abc", name: "" }, "name"],
  ],
  "liveInputs.delete": [[{ id: 7 }, "id"]],
  "liveInputs.rotateStreamKey": [[{ id: "li_ABC!" }, "id"]],
  "liveInputs.signedPlaybackUrl": [
    [{ id: "li_abc", ttlSeconds: "1h" }, "ttlSeconds"],
    [{ id: "li_abc", ttlSeconds: -5 }, "ttlSeconds"],
    [{ ttlSeconds: 60 }, "id"],
  ],
  "signingKeys.create": [[{ alg: "HS256" }, "alg"]],
  "signingKeys.revoke": [[{ id: "ak_abc" }, "id"]],
  "assets.createUpload": [[{ name: "" }, "name"]],
  "assets.get": [[{ id: "li_abc" }, "id"]],
  "assets.delete": [[{}, "id"]],
  "analytics.get": [[{ id: "li_abc" }, "inputId"]],
  "analytics.list": [[{ limit: 0 }, "limit"]],
};

interface ProcedureDef {
  _def: { type: "query" | "mutation"; inputs: unknown[] };
}

/** The namespaces this table covers (the orgs and streams modules). */
const COVERED = ["apiKeys.", "liveInputs.", "signingKeys.", "assets.", "analytics."];

Deno.test("every orgs/streams procedure with input names the bad field in a typed validation error", async () => {
  const procedures = engineRouter._def.procedures as unknown as Record<string, ProcedureDef>;
  const withInput = Object.entries(procedures).filter(
    ([path, p]) => p._def.inputs.length > 0 && COVERED.some((c) => path.startsWith(c)),
  );
  const missing = withInput.map(([path]) => path).filter((path) => !(path in BAD));
  assert.deepEqual(missing, [], "procedures without a bad-input case");
  const h = await EngineHarness.open();
  try {
    for (const [path, cases] of Object.entries(BAD)) {
      const kind = procedures[path]?._def.type;
      assert.ok(kind === "query" || kind === "mutation", `${path} exists`);
      for (const [input, field] of cases) {
        const a = await h.call(kind, path, input);
        const what = `${path} ${JSON.stringify(input)}`;
        assert.equal(a.status, 400, what);
        assert.equal(a.error?.data.code, "BAD_REQUEST", what);
        assert.equal(a.error?.data.reason, "validation", what);
        assert.ok(a.error?.data.fields?.[field] !== undefined, `${what}: fields name ${field}`);
        assert.match(a.error!.message, new RegExp(`\\b${field}: `), `${what}: message`);
        assert.ok(!JSON.stringify(a.error).includes("stack"), `${what}: no stack`);
      }
    }
  } finally {
    await h.close();
  }
});
