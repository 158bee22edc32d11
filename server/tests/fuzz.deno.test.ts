// A bounded smoke of `npm run fuzz` (fuzz/): the codec on 20,000 mutated inputs of
// both drafts, the session layer on 60 attacks by an in-process peer, the relay's
// QMux session on 600 malformed records in process, and one batch
// of malformed input against the relay process over QMux and one over
// HTTP/3/WebTransport, after each of which it must be alive, serve a fresh session,
// be back to its baseline of sessions, tracks and cache bytes, and have left no
// promise rejection unhandled (nor may the session layer or the fuzzer).
// Run: npx deno test -A --unstable-net server/tests/fuzz.deno.test.ts
import { fuzzCodec } from "../../fuzz/codec.ts";
import { fuzzH3 } from "../../fuzz/h3.ts";
import { fuzzQmux } from "../../fuzz/qmux.ts";
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
    assertEquals(r.unhandledRejections, 0, "unhandled rejections");
  },
});

Deno.test({
  name: "fuzz smoke: the relay's QMux session closes on malformed records with the right code",
  ...opts,
  async fn() {
    const r = await fuzzQmux(600, 1);
    assertEquals(r.findings, [], "findings");
    assertEquals(r.unhandledRejections, 0, "unhandled rejections");
  },
});

Deno.test({
  name: "fuzz smoke: the relay survives a batch of malformed QMux/MoQT input",
  ...opts,
  async fn() {
    const reports = await fuzzRelay(1, 60, 1);
    assertEquals(
      reports.flatMap((r) => r.problems),
      [],
      "problems after the batch and at exit",
    );
    assertEquals(reports[0]?.unhandledRejections, 0, "unhandled rejections");
  },
});

Deno.test({
  name: "fuzz smoke: the relay survives a batch of malformed HTTP/3 and WebTransport input",
  ...opts,
  async fn() {
    const r = await fuzzH3(1, 40, 1);
    assertEquals(
      r.batches.flatMap((b) => b.problems),
      [],
      "problems after the batch and at exit",
    );
    assertEquals(r.batches[0]?.unhandledRejections, 0, "unhandled rejections");
    assertEquals(r.hangs, 0, "inputs that hung");
  },
});
