import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Core } from "./core.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";
import type { G711Law } from "./g711.ts";
import {
  alawDecodeReference,
  alawEncodeReference,
  mulawDecodeReference,
  mulawEncodeReference,
} from "./reference/g711.ts";
import { ALAW_TABLE, MULAW_TABLE } from "./reference/g711-tables.ts";
import { loadNodeCore } from "./testing/node-core.ts";

let core: Core;
beforeAll(async () => {
  core = await loadNodeCore();
});
afterAll(() => core.close());

const encodeRef = { mulaw: mulawEncodeReference, alaw: alawEncodeReference };
const decodeRef = { mulaw: mulawDecodeReference, alaw: alawDecodeReference };
const LAWS: G711Law[] = ["mulaw", "alaw"];

describe("G.711 tables", () => {
  it("match rows of G.711 Table 2 (µ-law)", () => {
    // n: decision value x_n, decoder output y_n (14-bit units, max 8159).
    expect(MULAW_TABLE.decision.slice(0, 3)).toEqual([0, 1, 3]);
    expect(MULAW_TABLE.output.slice(0, 3)).toEqual([0, 2, 4]);
    expect(MULAW_TABLE.decision[16]).toBe(31); // segment 2 starts at 31, step 4
    expect(MULAW_TABLE.output[16]).toBe(33);
    expect(MULAW_TABLE.decision[112]).toBe(4063); // segment 8 starts at 4063, step 256
    expect(MULAW_TABLE.decision[127]).toBe(7903);
    expect(MULAW_TABLE.output[127]).toBe(8031);
  });

  it("match rows of G.711 Table 1 (A-law)", () => {
    // n: decision value x_n, decoder output y_n (13-bit units, max 4096).
    expect(ALAW_TABLE.decision.slice(0, 3)).toEqual([0, 2, 4]);
    expect(ALAW_TABLE.output.slice(0, 3)).toEqual([1, 3, 5]);
    expect(ALAW_TABLE.decision[32]).toBe(64); // segment 3 starts at 64, step 4
    expect(ALAW_TABLE.output[32]).toBe(66);
    expect(ALAW_TABLE.decision[127]).toBe(3968);
    expect(ALAW_TABLE.output[127]).toBe(4032);
  });

  it("give the well-known character signals", () => {
    expect(mulawEncodeReference(0)).toBe(0xff); // +0: 1 1111111
    expect(mulawEncodeReference(-1)).toBe(0x7f); // -0: 0 1111111
    expect(mulawEncodeReference(32767)).toBe(0x80);
    expect(mulawEncodeReference(-32768)).toBe(0x00);
    expect(alawEncodeReference(0)).toBe(0xd5); // 1 0000000 with even bits inverted
    expect(alawEncodeReference(-1)).toBe(0x55);
    expect(alawEncodeReference(32767)).toBe(0xaa);
    expect(mulawDecodeReference(0x80)).toBe(32124);
    expect(alawDecodeReference(0xaa)).toBe(32256);
    expect(alawDecodeReference(0xd5)).toBe(8);
  });
});

describe.each(LAWS)("G711Codec %s", (law) => {
  it("encodes all 65,536 PCM values bit-exactly", () => {
    const codec = core.createG711Codec({ law, frameSamples: 65536 });
    const pcm = codec.pcm;
    for (let i = 0; i < 65536; i++) pcm[i] = i - 32768;
    codec.encodeFrame();
    const codes = codec.codes;
    let mismatches = 0;
    for (let i = 0; i < 65536; i++) if (codes[i] !== encodeRef[law](i - 32768)) mismatches++;
    expect(mismatches).toBe(0);
    codec.free();
  });

  it("decodes all 256 code words bit-exactly", () => {
    const codec = core.createG711Codec({ law, frameSamples: 256 });
    codec.codes.set(Uint8Array.from({ length: 256 }, (_, i) => i));
    codec.decodeFrame();
    const expected = Int16Array.from({ length: 256 }, (_, i) => decodeRef[law](i));
    expect([...codec.pcm]).toEqual([...expected]);
    codec.free();
  });

  it("round-trips every code word (decode then encode is the identity, except -0)", () => {
    const codec = core.createG711Codec({ law });
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const again = codec.encode(codec.decode(codes));
    for (let i = 0; i < 256; i++) {
      const negativeZero = law === "mulaw" && i === 0x7f;
      expect(again[i]).toBe(negativeZero ? 0xff : i);
    }
    codec.free();
  });

  it("gives the same result for every length and SIMD tail", () => {
    const codec = core.createG711Codec({ law, frameSamples: 64 });
    const pcm = Int16Array.from({ length: 1000 }, (_, i) =>
      Math.round(30000 * Math.sin(i * 0.01) * Math.cos(i * 0.37)),
    );
    const whole = codec.encode(pcm);
    for (let n = 0; n <= 40; n++) {
      const part = codec.encode(pcm.subarray(0, n));
      expect([...part]).toEqual([...whole.subarray(0, n)]);
    }
    codec.free();
  });

  it("accepts little-endian PCM bytes and rejects an odd byte count", () => {
    const codec = core.createG711Codec({ law });
    const pcm = Int16Array.from([0, 1000, -1000, 32767]);
    const bytes = new Uint8Array(pcm.buffer);
    expect([...codec.encode(bytes)]).toEqual([...codec.encode(pcm)]);
    expect([...codec.encode(bytes.buffer)]).toEqual([...codec.encode(pcm)]);
    const odd = new Uint8Array(9);
    expect(() => codec.encode(odd)).toThrow(CoreError);
    try {
      codec.encode(odd);
    } catch (error) {
      expect((error as CoreError).code).toBe(CoreErrorCode.OddByteCount);
    }
    // Unaligned bytes are copied, not misread.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect([...codec.encode(shifted.subarray(1))]).toEqual([...codec.encode(pcm)]);
    codec.free();
  });

  it("converts Web Audio floats with the frame API", () => {
    const codec = core.createG711Codec({ law, frameSamples: 4 });
    codec.float.set([0.5, -0.5, 1.5, Number.NaN]);
    codec.encodeFloatFrame();
    const expected = [16384, -16384, 32767, 0].map((x) => encodeRef[law](x));
    expect([...codec.codes]).toEqual(expected);
    codec.decodeFloatFrame();
    expect(codec.float[0]).toBeCloseTo(decodeRef[law](expected[0] ?? 0) / 32768, 6);
    codec.free();
  });

  it("rejects frames longer than the heap buffer without touching the heap", () => {
    const codec = core.createG711Codec({ law, frameSamples: 160 });
    codec.pcm.fill(1234);
    expect(() => codec.encodeFrame(161)).toThrow(
      expect.objectContaining({ code: CoreErrorCode.FrameTooLong }),
    );
    expect(() => codec.encodeFrame(-1)).toThrow(
      expect.objectContaining({ code: CoreErrorCode.InvalidArgument }),
    );
    expect(() => codec.encodeFrame(1.5)).toThrow(
      expect.objectContaining({ code: CoreErrorCode.InvalidArgument }),
    );
    expect(() => codec.encode(new Int16Array(10), new Uint8Array(5))).toThrow(
      expect.objectContaining({ code: CoreErrorCode.FrameTooLong }),
    );
    expect(codec.pcm.every((v) => v === 1234)).toBe(true);
    codec.free();
  });
});
