import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeControl, encodeControl } from "../../control.ts";
import { Version } from "../../version.ts";
import { arbitraries } from "./arbitrary.ts";

describe("namespace messages: decode(encode(m)) equals m", () => {
  for (const [draft, version] of [
    [14, Version.DRAFT_14],
    [16, Version.DRAFT_16],
  ] as const) {
    it(`draft-${draft}`, () => {
      fc.assert(
        fc.property(fc.oneof(...arbitraries[draft]), (m) => {
          const bytes = encodeControl(m, version);
          expect(decodeControl(bytes, version)).toStrictEqual([m, bytes.length]);
        }),
        { numRuns: 500 },
      );
    });
  }
});
