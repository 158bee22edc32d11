import assert from "node:assert/strict";
import { HuffmanError, huffmanCodes, huffmanDecode } from "./huffman.ts";

const bytes = (text: string) =>
  Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
const text = (hex: string) => new TextDecoder("latin1").decode(huffmanDecode(bytes(hex)));

Deno.test("huffman: code is complete and canonical (RFC 7541 Appendix B)", () => {
  const codes = huffmanCodes();
  assert.equal(codes.length, 257);
  assert.equal(
    codes.reduce((sum, { length }) => sum + 2 ** -length, 0),
    1,
    "Kraft sum of a complete prefix code",
  );
  // spot checks against the RFC table
  assert.deepEqual(codes[0x30], { code: 0x0, length: 5 }); // '0'
  assert.deepEqual(codes[0x20], { code: 0x14, length: 6 }); // ' '
  assert.deepEqual(codes[0x00], { code: 0x1ff8, length: 13 });
  assert.deepEqual(codes[0x0a], { code: 0x3ffffffc, length: 30 });
  assert.deepEqual(codes[0xff], { code: 0x3ffffee, length: 26 });
  assert.deepEqual(codes[256], { code: 0x3fffffff, length: 30 }); // EOS
});

Deno.test("huffman: RFC 7541 Appendix C.4 and C.6 strings", () => {
  assert.equal(text("f1e3c2e5f23a6ba0ab90f4ff"), "www.example.com");
  assert.equal(text("a8eb10649cbf"), "no-cache");
  assert.equal(text("25a849e95ba97d7f"), "custom-key");
  assert.equal(text("25a849e95bb8e8b4bf"), "custom-value");
  assert.equal(text("6402"), "302");
  assert.equal(text("aec3771a4b"), "private");
  assert.equal(
    text("d07abe941054d444a8200595040b8166e082a62d1bff"),
    "Mon, 21 Oct 2013 20:13:21 GMT",
  );
  assert.equal(text("9d29ad171863c78f0b97c8e9ae82ae43d3"), "https://www.example.com");
  assert.equal(text("9bd9ab"), "gzip");
  assert.equal(
    text(
      "94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007",
    ),
    "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
  );
  assert.equal(text(""), "");
});

Deno.test("huffman: long codes (tab, punctuation, bytes >= 0x80) as an independent encoder wrote them", () => {
  // Each value is 30 x 'a', one symbol, 10 x 'e', Huffman-coded by nghttp2.
  const vectors: [number, string][] = [
    [0x09, "18c6318c6318c6318c6318c6318c6318c6318fffffa8a5294a5294a5"],
    [0x3c, "18c6318c6318c6318c6318c6318c6318c6318fffe14a5294a5294b"],
    [0x5c, "18c6318c6318c6318c6318c6318c6318c6318ffff814a5294a5294bf"],
    [0x7e, "18c6318c6318c6318c6318c6318c6318c6318fffa5294a5294a52f"],
    [0x80, "18c6318c6318c6318c6318c6318c6318c6318ffff98a5294a5294a5f"],
    [0x99, "18c6318c6318c6318c6318c6318c6318c6318ffffb85294a5294a52f"],
    [0xc3, "18c6318c6318c6318c6318c6318c6318c6318ffff894a5294a5294bf"],
    [0xd0, "18c6318c6318c6318c6318c6318c6318c6318ffff914a5294a5294bf"],
    [0xdc, "18c6318c6318c6318c6318c6318c6318c6318fffffff4a5294a5294a5f"],
    [0xfe, "18c6318c6318c6318c6318c6318c6318c6318ffffff814a5294a5294bf"],
    [0xff, "18c6318c6318c6318c6318c6318c6318c6318fffffee294a5294a5297f"],
  ];
  for (const [symbol, hex] of vectors) {
    const expected = [...new Array(30).fill(0x61), symbol, ...new Array(10).fill(0x65)];
    assert.deepEqual(
      Array.from(huffmanDecode(bytes(hex))),
      expected,
      `symbol 0x${symbol.toString(16)}`,
    );
  }
});

Deno.test("huffman: rejects bad padding and EOS (RFC 7541 §5.2)", () => {
  assert.throws(() => huffmanDecode(bytes("f1e3c2e5f23a6ba0ab90f4ffff")), HuffmanError); // 8+ bits of padding
  assert.throws(() => huffmanDecode(bytes("00")), HuffmanError); // '0' then 3 zero bits of padding
  assert.throws(() => huffmanDecode(bytes("ffffffff")), HuffmanError); // EOS (30 ones)
  assert.deepEqual(Array.from(huffmanDecode(bytes("07"))), [0x30]); // '0' + 3 one-bits padding
});
