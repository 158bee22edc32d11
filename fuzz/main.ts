// `npm run fuzz`: the codec in-process (10^6 inputs by default), the session layer
// against an in-process peer, then the relay over QMux/WebSocket and over
// HTTP/3/WebTransport in batches. Prints one JSON report; exits 1 on any finding.
// Options: --codec N (inputs), --sessions N (session-layer inputs), --batches N,
// --per-batch N (both relay transports), --seed N.
import { parseArgs } from "node:util";
import { fuzzCodec } from "./codec.ts";
import { fuzzH3 } from "./h3.ts";
import { fuzzRelay } from "./relay.ts";
import { fuzzSession } from "./session.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    codec: { type: "string", default: "1000000" },
    sessions: { type: "string", default: "2000" },
    batches: { type: "string", default: "10" },
    "per-batch": { type: "string", default: "200" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
  },
});
const seed = Number(values.seed);
const batches = Number(values.batches);
const perBatch = Number(values["per-batch"]);
const codec = fuzzCodec(Number(values.codec), seed);
console.error(
  `codec: ${codec.inputs} inputs in ${Math.round(codec.elapsedMs)} ms, ${codec.findings.length} findings`,
);
const session = await fuzzSession(Number(values.sessions), seed);
console.error(
  `session: ${session.inputs} inputs in ${Math.round(session.elapsedMs)} ms, ${session.findings.length} findings`,
);
const startedMs = Date.now();
const relay = await fuzzRelay(batches, perBatch, seed);
const relayMs = Date.now() - startedMs;
const h3 = await fuzzH3(batches, perBatch, seed);
const h3Ms = Date.now() - startedMs - relayMs;
const problems = [...relay, ...h3.batches].flatMap((b) => b.problems);
console.log(
  JSON.stringify(
    {
      seed,
      codec: { ...codec, findings: codec.findings.slice(0, 20) },
      session: { ...session, findings: session.findings.slice(0, 20) },
      relay: {
        inputs: relay.reduce((n, b) => n + b.inputs, 0),
        elapsedMs: relayMs,
        rssKiB: relay.map((b) => b.relayRssKiB),
        problems: relay.flatMap((b) => b.problems),
      },
      h3: {
        inputs: h3.batches.reduce((n, b) => n + b.inputs, 0),
        elapsedMs: h3Ms,
        inputsByKind: h3.inputsByKind,
        sessionsOpened: h3.sessionsOpened,
        hangs: h3.hangs,
        relayEvents: h3.relayEvents,
        relayUnhandled: h3.relayUnhandled.slice(0, 20),
        rssKiB: h3.batches.map((b) => b.relayRssKiB),
        problems: h3.batches.flatMap((b) => b.problems),
      },
    },
    null,
    2,
  ),
);
const findings =
  codec.findings.length +
  session.findings.length +
  problems.length +
  h3.hangs +
  h3.relayUnhandled.length;
Deno.exit(findings > 0 ? 1 : 0);
