// Round-trips sampled messages of every kind; shared by the unit test and the browser test.
import fc from "fast-check";
import { CONTROL_TABLES } from "../control/registry.ts";
import { decodeControl, encodeControl } from "../control.ts";
import { Version } from "../version.ts";
import { controlArbitraries } from "./control-arbitraries.ts";
import { deepEqual } from "./deep-equal.ts";

export interface RoundTripReport {
  /** Kinds registered in the draft. */
  registered: string[];
  /** Kinds that were sampled and round-tripped. */
  covered: string[];
  samples: number;
  failures: string[];
}

export function roundTripAll(draft: 14 | 16, samplesPerArbitrary = 30, seed = 42): RoundTripReport {
  const version = draft === 14 ? Version.DRAFT_14 : Version.DRAFT_16;
  const covered = new Set<string>();
  const failures: string[] = [];
  let samples = 0;
  for (const arb of controlArbitraries(draft)) {
    for (const msg of fc.sample(arb, { numRuns: samplesPerArbitrary, seed })) {
      samples++;
      try {
        const bytes = encodeControl(msg, version);
        const [back, used] = decodeControl(bytes, version);
        if (used !== bytes.length || !deepEqual(back, msg)) {
          failures.push(`${msg.kind}: decode(encode(m)) differs`);
        } else if (!deepEqual(encodeControl(back, version), bytes)) {
          failures.push(`${msg.kind}: encode(decode(x)) differs`);
        } else covered.add(msg.kind);
      } catch (e) {
        failures.push(`${msg.kind}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return {
    registered: [...CONTROL_TABLES[draft].byKind.keys()].sort(),
    covered: [...covered].sort(),
    samples,
    failures: failures.slice(0, 20),
  };
}
