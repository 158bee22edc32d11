import assert from "node:assert/strict";
import {
  CapsuleType,
  decodeCapsule,
  decodeCloseSession,
  encodeCapsule,
  encodeCloseSession,
  truncateUtf8,
} from "./capsule.ts";
import { decodeDatagram, encodeDatagram } from "./datagram.ts";
import { httpCodeToWebTransport, webTransportCodeToHttp } from "./errors.ts";
import { encodeBidiStreamHeader, encodeUniStreamHeader } from "./stream-header.ts";

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (text: string) =>
  Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

Deno.test("capsule: WT_CLOSE_SESSION as Chromium sends it", () => {
  // transport.close({ closeCode: 7, reason: "bye" }) from Chromium 156
  const wire = bytes("6843" + "07" + "00000007" + "627965");
  const [capsule, read] = decodeCapsule(wire)!;
  assert.equal(read, wire.length);
  assert.equal(capsule.type, CapsuleType.CLOSE_WEBTRANSPORT_SESSION);
  assert.deepEqual(decodeCloseSession(capsule.value), { closeCode: 7, reason: "bye" });
  assert.equal(hex(encodeCloseSession({ closeCode: 7, reason: "bye" })), hex(wire));
});

Deno.test("capsule: encode, partial input, unknown and GREASE types", () => {
  const drain = encodeCapsule(CapsuleType.DRAIN_WEBTRANSPORT_SESSION, new Uint8Array(0));
  assert.equal(hex(drain), "80" + "0078ae" + "00"); // Type 0x78ae (4-byte varint), Length 0
  const grease = bytes("cc5cda69c69c2270" + "03" + "e752b1"); // seen from Chromium before a session
  const stream = new Uint8Array([...grease, ...drain]);
  const [first, firstSize] = decodeCapsule(stream)!;
  assert.equal(firstSize, grease.length);
  assert.equal(hex(first.value), "e752b1");
  const [second] = decodeCapsule(stream, firstSize)!;
  assert.equal(second.type, CapsuleType.DRAIN_WEBTRANSPORT_SESSION);
  for (let cut = 0; cut < grease.length; cut++) {
    assert.equal(decodeCapsule(grease.subarray(0, cut)), undefined, `cut at ${cut}`);
  }
});

Deno.test("capsule: close reason limits (draft §6)", () => {
  const long = "\u00e9".repeat(600); // 1200 bytes of 2-byte characters
  const capsule = encodeCloseSession({ closeCode: 0xffffffff, reason: long });
  const [decoded] = decodeCapsule(capsule)!;
  const info = decodeCloseSession(decoded.value);
  assert.equal(info.closeCode, 0xffffffff);
  assert.equal(new TextEncoder().encode(info.reason).length, 1024);
  assert.equal(truncateUtf8("a\u00e9", 2).length, 1); // never splits a character
  assert.throws(() => decodeCloseSession(bytes("000000")));
  assert.throws(() => decodeCloseSession(bytes("00000000" + "ff"))); // not UTF-8
  assert.throws(() => decodeCloseSession(new Uint8Array(4 + 1025)));
});

Deno.test("datagram: quarter stream id prefix (RFC 9297 §2.1)", () => {
  assert.equal(hex(encodeDatagram(0, bytes("abcd"))), "00" + "abcd");
  assert.equal(hex(encodeDatagram(4 * 100, bytes("ff"))), "4064" + "ff"); // quarter id 100
  assert.deepEqual(decodeDatagram(bytes("4064ff")), { sessionId: 400, payload: bytes("ff") });
  assert.equal(decodeDatagram(new Uint8Array(0)), undefined);
  assert.throws(() => encodeDatagram(2, new Uint8Array(0)), RangeError);
});

Deno.test("stream headers: 0x54 / 0x41 + session id (draft §4.2, §4.3)", () => {
  assert.equal(hex(encodeUniStreamHeader(0)), "4054" + "00"); // 0x54 needs 2 bytes as a varint
  assert.equal(hex(encodeBidiStreamHeader(0)), "4041" + "00");
  assert.equal(hex(encodeUniStreamHeader(64)), "4054" + "4040");
});

Deno.test("errors: WT_APPLICATION_ERROR mapping skips reserved codepoints (draft §4.4)", () => {
  assert.equal(webTransportCodeToHttp(0), 0x52e4a40fa8db);
  assert.equal(webTransportCodeToHttp(0xffffffff), 0x52e5ac983162);
  for (const code of [0, 1, 0x1d, 0x1e, 0x1f, 1000, 0xffffffff]) {
    const http = webTransportCodeToHttp(code);
    assert.notEqual((http - 0x21) % 0x1f, 0, `code ${code} hits a reserved codepoint`);
    assert.equal(httpCodeToWebTransport(http), code);
  }
  assert.equal(httpCodeToWebTransport(0x100), undefined);
});
