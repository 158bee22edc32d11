// A bounded smoke of `npm run fuzz` (fuzz/): the codec on 20,000 mutated inputs of
// both drafts, the session layer on 60 attacks by an in-process peer, and one batch of malformed input against the relay process over
// QMux and one over HTTP/3/WebTransport, after each of which it must be alive,
// serve a fresh session, and be back to its baseline of sessions, tracks and
// cache bytes.
// Run: npx deno test -A --unstable-net server/tests/fuzz.deno.test.ts
import { fuzzCodec } from "../../fuzz/codec.ts";
import { fuzzH3 } from "../../fuzz/h3.ts";
import { fuzzRelay } from "../../fuzz/relay.ts";
import { fuzzSession } from "../../fuzz/session.ts";
import { assertEquals } from "./clients.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("fuzz smoke: codec inputs decode or fail typed", () => {
  const r = fuzzCodec(20_000, 1);
  assertEquals(r.findings, [], "findings");
});

Deno.test({
  name: "fuzz smoke: the session layer survives a malicious in-process peer",
  ...opts,
  async fn() {
    const r = await fuzzSession(60, 1);
    assertEquals(r.findings, [], "findings");
  },
});

Deno.test({
  name: "fuzz smoke: the relay survives a batch of malformed QMux/MoQT input",
  ...opts,
  async fn() {
    const [batch] = await fuzzRelay(1, 60, 1);
    assertEquals(batch?.problems, [], "problems after the batch");
  },
});

Deno.test({
  name: "fuzz smoke: the relay survives a batch of malformed HTTP/3 and WebTransport input",
  ...opts,
  async fn() {
    const r = await fuzzH3(1, 40, 1);
    assertEquals(r.batches[0]?.problems, [], "problems after the batch");
    assertEquals(r.hangs, 0, "inputs that hung");
  },
});
