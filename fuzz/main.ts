// `npm run fuzz`: the codec in-process (10^6 inputs by default), the session layer
// against an in-process peer, the relay's QMux session against malformed records
// in process, then the relay over QMux/WebSocket and over
// HTTP/3/WebTransport in batches. Prints one JSON report; exits 1 on any finding:
// a codec rule broken, a crash, a hang, a relay not back to baseline, or a promise
// rejection left unhandled (in the session layer, the relay, or the fuzzer).
// Options: --codec N (inputs), --sessions N (session-layer inputs), --qmux N (QMux
// records), --batches N,
// --per-batch N (both relay transports), --seed N, --h3-kinds a,b (HTTP/3 input
// kinds only, e.g. "request").
import { parseArgs } from "node:util";
import { fuzzCodec } from "./codec.ts";
import { fuzzH3, H3_KINDS, type Kind } from "./h3.ts";
import { fuzzQmux } from "./qmux.ts";
import { fuzzRelay } from "./relay.ts";
import { fuzzSession } from "./session.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    codec: { type: "string", default: "1000000" },
    sessions: { type: "string", default: "2000" },
    qmux: { type: "string", default: "20000" },
    batches: { type: "string", default: "10" },
    "per-batch": { type: "string", default: "200" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    "h3-kinds": { type: "string", default: H3_KINDS.join(",") },
  },
});
const h3Kinds = values["h3-kinds"].split(",") as Kind[];
const unknownKind = h3Kinds.find((k) => !(H3_KINDS as readonly string[]).includes(k));
if (unknownKind !== undefined) {
  console.error(`--h3-kinds: unknown kind "${unknownKind}"; kinds: ${H3_KINDS.join(", ")}`);
  Deno.exit(2);
}
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
const qmux = await fuzzQmux(Number(values.qmux), seed);
console.error(
  `qmux: ${qmux.inputs} records in ${Math.round(qmux.elapsedMs)} ms, ${qmux.findings.length} findings`,
);
const startedMs = Date.now();
const relay = await fuzzRelay(batches, perBatch, seed);
const relayMs = Date.now() - startedMs;
const h3 = await fuzzH3(batches, perBatch, seed, h3Kinds);
const h3Ms = Date.now() - startedMs - relayMs;
const problems = [...relay, ...h3.batches].flatMap((b) => b.problems);
const unhandled = (batches: readonly { unhandledRejections: number }[]) =>
  batches.reduce((n, b) => n + b.unhandledRejections, 0);
const rss = (batches: readonly { relayRssKiB: number }[]) =>
  batches.map((b) => b.relayRssKiB).filter((kib) => !Number.isNaN(kib));
console.log(
  JSON.stringify(
    {
      seed,
      codec: { ...codec, findings: codec.findings.slice(0, 20) },
      session: { ...session, findings: session.findings.slice(0, 20) },
      qmux: { ...qmux, findings: qmux.findings.slice(0, 20) },
      relay: {
        inputs: relay.reduce((n, b) => n + b.inputs, 0),
        elapsedMs: relayMs,
        unhandledRejections: unhandled(relay),
        rssKiB: rss(relay),
        problems: relay.flatMap((b) => b.problems),
      },
      h3: {
        inputs: h3.batches.reduce((n, b) => n + b.inputs, 0),
        elapsedMs: h3Ms,
        inputsByKind: h3.inputsByKind,
        sessionsOpened: h3.sessionsOpened,
        hangs: h3.hangs,
        relayEvents: h3.relayEvents,
        unhandledRejections: unhandled(h3.batches),
        rssKiB: rss(h3.batches),
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
  qmux.findings.length +
  problems.length +
  h3.hangs;
Deno.exit(findings > 0 ? 1 : 0);
