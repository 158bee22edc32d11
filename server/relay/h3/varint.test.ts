import assert from "node:assert/strict";
import { ByteReader, concatBytes, TruncatedError } from "./reader.ts";
import { decodeVarint, encodeVarint, VARINT_MAX, varintSize, writeVarint } from "./varint.ts";

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (text: string) =>
  Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

Deno.test("varint: RFC 9000 §A.1 sample encodings", () => {
  assert.equal(hex(encodeVarint(37)), "25"); // 1-byte form
  assert.equal(hex(encodeVarint(15293)), "7bbd"); // 2-byte form, prefix 01
  assert.equal(hex(encodeVarint(494878333)), "9d7f3e7d"); // 4-byte form, prefix 10
  assert.deepEqual(decodeVarint(bytes("4025")), [37, 2]); // non-minimal 2-byte 37
  assert.deepEqual(decodeVarint(bytes("9d7f3e7d")), [494878333, 4]);
  // 8-byte sample 151288809941952652 exceeds 2^53: decoded rounded, length exact
  const [big, size] = decodeVarint(bytes("c2197c5eff14e88c"))!;
  assert.equal(size, 8);
  assert.equal(big, Number(151288809941952652n));
});

Deno.test("varint: boundaries round-trip and sizes", () => {
  const cases: [number, number][] = [
    [0, 1],
    [63, 1],
    [64, 2],
    [16383, 2],
    [16384, 4],
    [2 ** 30 - 1, 4],
    [2 ** 30, 8],
    [Number.MAX_SAFE_INTEGER, 8],
  ];
  for (const [value, size] of cases) {
    assert.equal(varintSize(value), size, `size of ${value}`);
    const encoded = encodeVarint(value);
    assert.equal(encoded.length, size);
    assert.deepEqual(decodeVarint(encoded), [value, size]);
  }
  assert.equal(hex(encodeVarint(Number.MAX_SAFE_INTEGER)), "c01fffffffffffff");
  assert.ok(VARINT_MAX > BigInt(Number.MAX_SAFE_INTEGER));
});

Deno.test("varint: refuses negative, fractional and unsafe values; reports truncation", () => {
  assert.throws(() => encodeVarint(-1), RangeError);
  assert.throws(() => encodeVarint(1.5), RangeError);
  assert.throws(() => encodeVarint(2 ** 53), RangeError);
  assert.throws(() => writeVarint(new Uint8Array(1), 0, 64), RangeError);
  assert.equal(decodeVarint(new Uint8Array(0)), undefined);
  assert.equal(decodeVarint(bytes("9d7f3e")), undefined); // 4-byte varint cut at 3
  assert.deepEqual(decodeVarint(bytes("00ff25"), 2), [37, 1]); // at an offset
});

Deno.test("ByteReader: varints, u32, take and truncation", () => {
  const reader = new ByteReader(bytes("25" + "7bbd" + "00000007" + "626965"));
  assert.equal(reader.varint(), 37);
  assert.equal(reader.varint(), 15293);
  assert.equal(reader.u32(), 7);
  assert.equal(hex(reader.take(2)), "6269");
  assert.equal(reader.remaining, 1);
  assert.throws(() => reader.u32(), TruncatedError);
  assert.equal(hex(reader.rest()), "65");
  assert.throws(() => reader.u8(), TruncatedError);
  assert.equal(hex(concatBytes([bytes("01"), bytes(""), bytes("0203")])), "010203");
});
