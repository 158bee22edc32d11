import { describe, expect, it } from "vitest";
import { roundTripAll } from "./testing/control-roundtrip.ts";

describe("every control message of each draft round-trips", () => {
  for (const draft of [14, 16] as const) {
    it(`draft-${draft}`, () => {
      const report = roundTripAll(draft, 100);
      expect(report.failures).toEqual([]);
      expect(report.covered).toEqual(report.registered);
    });
  }
});
