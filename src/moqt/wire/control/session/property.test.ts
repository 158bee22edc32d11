import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeControl, encodeControl } from "../../control.ts";
import { Version } from "../../version.ts";
import { arbitraries } from "./arbitrary.ts";

const VERSIONS = { 14: Version.DRAFT_14, 16: Version.DRAFT_16 } as const;

describe("Session messages round trip", () => {
  for (const draft of [14, 16] as const) {
    it(`decode(encode(m)) equals m in draft-${draft}`, () => {
      fc.assert(
        fc.property(fc.oneof(...arbitraries[draft]), (m) => {
          const bytes = encodeControl(m, VERSIONS[draft]);
          expect(decodeControl(bytes, VERSIONS[draft])).toStrictEqual([m, bytes.length]);
        }),
        { numRuns: 500 },
      );
    });
  }
});
