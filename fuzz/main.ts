// `npm run fuzz`: the codec in-process (10^6 inputs by default), then the relay over
// QMux/WebSocket in batches. Prints one JSON report; exits 1 on any finding.
// Options: --codec N (inputs), --batches N, --per-batch N, --seed N.
import { parseArgs } from "node:util";
import { fuzzCodec } from "./codec.ts";
import { fuzzRelay } from "./relay.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    codec: { type: "string", default: "1000000" },
    batches: { type: "string", default: "10" },
    "per-batch": { type: "string", default: "200" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
  },
});
const seed = Number(values.seed);
const codec = fuzzCodec(Number(values.codec), seed);
console.error(
  `codec: ${codec.inputs} inputs in ${Math.round(codec.elapsedMs)} ms, ${codec.findings.length} findings`,
);
const relay = await fuzzRelay(Number(values.batches), Number(values["per-batch"]), seed);
const problems = relay.flatMap((b) => b.problems);
console.log(
  JSON.stringify(
    {
      seed,
      codec: { ...codec, findings: codec.findings.slice(0, 20) },
      relay: {
        inputs: relay.reduce((n, b) => n + b.inputs, 0),
        rssKiB: relay.map((b) => b.relayRssKiB),
        problems,
      },
    },
    null,
    2,
  ),
);
Deno.exit(codec.findings.length > 0 || problems.length > 0 ? 1 : 0);
