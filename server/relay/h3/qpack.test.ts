import assert from "node:assert/strict";
import { decodeFieldSection, encodeFieldSection, QpackError } from "./qpack.ts";
import { QPACK_STATIC_TABLE } from "./qpack-static.ts";

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (text: string) =>
  Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
const ascii = (text: string) => hex(new TextEncoder().encode(text));

Deno.test("qpack: static table has 99 entries (RFC 9204 Appendix A)", () => {
  assert.equal(QPACK_STATIC_TABLE.length, 99);
  assert.deepEqual(QPACK_STATIC_TABLE[0], [":authority", ""]);
  assert.deepEqual(QPACK_STATIC_TABLE[15], [":method", "CONNECT"]);
  assert.deepEqual(QPACK_STATIC_TABLE[25], [":status", "200"]);
  assert.deepEqual(QPACK_STATIC_TABLE[27], [":status", "404"]);
  assert.deepEqual(QPACK_STATIC_TABLE[90], ["origin", ""]);
  assert.deepEqual(QPACK_STATIC_TABLE[98], ["x-frame-options", "sameorigin"]);
});

Deno.test("qpack: RFC 9204 Appendix B.1 literal with static name reference", () => {
  assert.deepEqual(decodeFieldSection(bytes("0000510b2f696e6465782e68746d6c")), [
    [":path", "/index.html"],
  ]);
});

Deno.test("qpack: decodes Chromium's extended CONNECT (static refs, Huffman literals)", () => {
  const block = bytes(
    "0000d7cf508b089d5c0b8170dc6c416c5f518760a49cffe798032f00b95d8749c87a3f89f058d360ea4567b13f2f" +
      "0e4148b782c69b07522b3d895a74a6b65692c1ca900b01315f4b909d29aee30c044eae05c0b86e32f05b0f2f09f0" +
      "9587dc66a071d055abb0e9390f423f90fe693f64ac173f9fa53f9a4fd96003f9",
  );
  assert.deepEqual(decodeFieldSection(block), [
    [":scheme", "https"],
    [":method", "CONNECT"],
    [":authority", "127.0.0.1:52152"],
    [":path", "/echo?x=1"],
    [":protocol", "webtransport"],
    ["sec-webtransport-http3-draft02", "1"],
    ["origin", "http://127.0.0.1:38151"],
    ["wt-available-protocols", '"moqt-16", "moq-00"'],
  ]);
});

Deno.test("qpack: encodes the WebTransport response byte for byte", () => {
  const block = encodeFieldSection([
    [":status", "200"],
    ["sec-webtransport-http3-draft", "draft02"],
    ["wt-protocol", '"moqt-16"'],
  ]);
  const expected =
    "00" + // §4.5.1.1 Required Insert Count 0
    "00" + // §4.5.1.2 Sign 0, Delta Base 0
    "d9" + // §4.5.2 indexed, static, index 25 (:status 200)
    `2715${ascii("sec-webtransport-http3-draft")}` + // §4.5.6 literal name, length 7+21
    `07${ascii("draft02")}` + // value, H=0, length 7
    `2704${ascii("wt-protocol")}` + // literal name, length 7+4
    `09${ascii('"moqt-16"')}`; // value, length 9
  assert.equal(hex(block), expected);
  assert.equal(hex(encodeFieldSection([[":status", "403"]])), "0000ff05"); // static index 63+5 = 68
  // §4.5.4 literal with name reference: 01 N=0 T=1, index 15+9 = 24 (:status), then the value
  assert.equal(hex(encodeFieldSection([[":status", "418"]])), `00005f0903${ascii("418")}`);
});

Deno.test("qpack: encode/decode round trip over static hits, name hits and literals", () => {
  const fields: [string, string][] = [
    [":status", "404"],
    [":status", "599"],
    ["content-type", "text/plain"],
    ["server", "clutchcall"],
    ["x-long-header-name-beyond-the-prefix", "v".repeat(300)],
    ["latin", "caf\u00e9"],
  ];
  assert.deepEqual(decodeFieldSection(encodeFieldSection(fields)), fields);
});

Deno.test("qpack: refuses dynamic-table forms and truncation", () => {
  assert.throws(() => decodeFieldSection(bytes("0200")), QpackError); // Required Insert Count 2
  assert.throws(() => decodeFieldSection(bytes("000080")), QpackError); // indexed, dynamic (T=0)
  assert.throws(() => decodeFieldSection(bytes("000010")), QpackError); // post-base indexed
  assert.throws(() => decodeFieldSection(bytes("000040")), QpackError); // name ref, dynamic
  assert.throws(() => decodeFieldSection(bytes("000000")), QpackError); // post-base name ref
  assert.throws(() => decodeFieldSection(bytes("0000ff")), QpackError); // static index cut
  assert.throws(() => decodeFieldSection(bytes("0000510b2f69")), QpackError); // value cut
  assert.throws(() => decodeFieldSection(bytes("0000ff7f")), QpackError); // index 63+127 > 98
  assert.throws(() => encodeFieldSection([["x", "\u0100"]]), QpackError);
});
