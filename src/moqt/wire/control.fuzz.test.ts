import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTROL_TABLES } from "./control/registry.ts";
import { decodeControl, encodeControl } from "./control.ts";
import { WireDecodeError } from "./errors.ts";
import { controlArbitraries } from "./testing/control-arbitraries.ts";
import { Version } from "./version.ts";
import { varintSize, WireWriter } from "./writer.ts";

const VERSIONS = [Version.DRAFT_14, Version.DRAFT_16] as const;

/** Decoding arbitrary bytes may succeed or throw WireDecodeError, nothing else. */
function decodeOrTypedError(bytes: Uint8Array, version: Version): void {
  try {
    const [, used] = decodeControl(bytes, version);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(bytes.length);
  } catch (e) {
    if (!(e instanceof WireDecodeError)) throw e;
  }
}

function frame(type: number, payload: Uint8Array): Uint8Array {
  const w = new WireWriter(varintSize(type) + 2 + payload.length);
  w.varint(type);
  w.u16(payload.length);
  w.bytes(payload);
  return w.finish("frame");
}

describe("control decoding never fails untyped", () => {
  for (const version of VERSIONS) {
    const draft = version === Version.DRAFT_14 ? 14 : 16;
    const types = [...CONTROL_TABLES[draft].byType.keys()];

    it(`random bytes, draft-${draft}`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) =>
          decodeOrTypedError(bytes, version),
        ),
        { numRuns: 3000 },
      );
    });

    it(`every registered type with a random payload, draft-${draft}`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 200 }), (type, payload) =>
          decodeOrTypedError(frame(type, payload), version),
        ),
        { numRuns: 5000 },
      );
    });

    it(`mutated valid messages, draft-${draft}`, () => {
      const valid = fc.oneof(...controlArbitraries(draft)).map((m) => encodeControl(m, version));
      const mutation = fc.record({
        at: fc.nat(),
        byte: fc.integer({ min: 0, max: 255 }),
        op: fc.constantFrom("flip", "set", "cut", "insert"),
      });
      fc.assert(
        fc.property(valid, fc.array(mutation, { minLength: 1, maxLength: 4 }), (bytes, ops) => {
          let b = bytes;
          for (const { at, byte, op } of ops) {
            const i = at % Math.max(1, b.length);
            if (op === "flip") b = b.map((x, j) => (j === i ? x ^ (1 << (byte % 8)) : x));
            else if (op === "set") b = b.map((x, j) => (j === i ? byte : x));
            else if (op === "cut") b = b.subarray(0, i);
            else b = Uint8Array.from([...b.subarray(0, i), byte, ...b.subarray(i)]);
          }
          decodeOrTypedError(b, version);
        }),
        { numRuns: 3000 },
      );
    });

    it(`a truncated frame is reported as truncated, draft-${draft}`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...types),
          fc.uint8Array({ minLength: 1, maxLength: 64 }),
          (type, payload) => {
            const bytes = frame(type, payload);
            try {
              decodeControl(bytes.subarray(0, bytes.length - 1), version);
              return false;
            } catch (e) {
              return e instanceof WireDecodeError && e.truncated;
            }
          },
        ),
        { numRuns: 500 },
      );
    });
  }
});
