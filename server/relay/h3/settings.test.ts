import assert from "node:assert/strict";
import { decodeFrameHeader, decodeGoaway, encodeFrame, FrameType } from "./frame.ts";
import {
  decodeSettings,
  encodeSettingsFrame,
  peerSupportsDatagrams,
  SettingId,
  webTransportServerSettings,
} from "./settings.ts";

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (text: string) =>
  Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

Deno.test("frame: header codec (RFC 9114 §7.1)", () => {
  const frame = encodeFrame(FrameType.HEADERS, bytes("0000d9"));
  assert.equal(hex(frame), "01" + "03" + "0000d9"); // Type, Length, Payload
  assert.deepEqual(decodeFrameHeader(frame), { type: 1, length: 3, headerSize: 2 });
  assert.deepEqual(decodeFrameHeader(bytes("00407c")), { type: 0, length: 124, headerSize: 3 });
  assert.equal(decodeFrameHeader(bytes("0040")), undefined); // length varint cut
  assert.equal(decodeFrameHeader(new Uint8Array(0)), undefined);
  assert.equal(decodeGoaway(bytes("04")), 4);
  assert.throws(() => decodeGoaway(bytes("0400")));
});

Deno.test("settings: server SETTINGS frame, byte for byte", () => {
  const frame = encodeSettingsFrame(webTransportServerSettings());
  const expected =
    "04" + // RFC 9114 §7.2.4 frame type SETTINGS
    "20" + // length 32
    "0100" + // QPACK_MAX_TABLE_CAPACITY = 0
    "0700" + // QPACK_BLOCKED_STREAMS = 0
    "0801" + // ENABLE_CONNECT_PROTOCOL = 1 (RFC 9220)
    "3301" + // H3_DATAGRAM = 1 (RFC 9297)
    "80ffd27701" + // H3_DATAGRAM draft-04 codepoint = 1
    "ab60374201" + // ENABLE_WEBTRANSPORT draft-02 = 1
    "c0000000c671706a01" + // WEBTRANSPORT_MAX_SESSIONS draft-07 = 1
    "ac7cf00001"; // WT_ENABLED = 1 (latest draft)
  assert.equal(hex(frame), expected);
  const header = decodeFrameHeader(frame)!;
  assert.equal(header.length, frame.length - header.headerSize);
});

Deno.test("settings: decodes Chromium's SETTINGS, drops huge ids, rejects duplicates", () => {
  // Chromium 156's SETTINGS as logged, including its reserved 0x8ddb75963 identifier
  const chromium = decodeSettings(
    bytes(
      "0180010000" + // QPACK_MAX_TABLE_CAPACITY = 65536
        "0680004000" + // MAX_FIELD_SECTION_SIZE = 16384
        "074064" + // QPACK_BLOCKED_STREAMS = 100
        "3301" + // H3_DATAGRAM = 1
        "80ffd27701" + // H3_DATAGRAM draft-04 = 1
        "ab60374201" + // ENABLE_WEBTRANSPORT draft-02 = 1
        "c0000008ddb75963" +
        "c0000000c894b484", // reserved id = 3365188740
    ),
  );
  assert.equal(chromium.get(SettingId.QPACK_MAX_TABLE_CAPACITY), 65536);
  assert.equal(chromium.get(SettingId.MAX_FIELD_SECTION_SIZE), 16384);
  assert.equal(chromium.get(SettingId.QPACK_BLOCKED_STREAMS), 100);
  assert.equal(chromium.get(SettingId.ENABLE_WEBTRANSPORT_DRAFT02), 1);
  assert.equal(chromium.get(0x8ddb75963), 3365188740);
  assert.equal(chromium.size, 7);
  // an identifier above 2^53 cannot be told apart from its neighbours: dropped
  assert.equal(decodeSettings(bytes("ffffffffffffffff" + "01" + "0801")).size, 1);
  assert.ok(peerSupportsDatagrams(chromium));
  assert.ok(!peerSupportsDatagrams(new Map()));
  assert.throws(() => decodeSettings(bytes("0801" + "0800")), /duplicate/);
  assert.throws(() => decodeSettings(bytes("08"))); // identifier without value
  // round trip
  const settings = new Map([[SettingId.WT_INITIAL_MAX_DATA, 1 << 20]]);
  const frame = encodeSettingsFrame(settings);
  assert.deepEqual(decodeSettings(frame.subarray(decodeFrameHeader(frame)!.headerSize)), settings);
});
