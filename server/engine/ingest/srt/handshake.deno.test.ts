// SRT handshake bytes: a caller's conclusion as ffmpeg (libsrt 1.5) sends it,
// its Stream ID read back, and the replies this listener builds.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { parseStreamId } from "../srt-ingest.ts";
import {
  HandshakeType,
  inductionRequest,
  inductionResponse,
  isHandshake,
  parseHandshake,
  REJECT_FORBIDDEN,
  rejection,
  SRT_MAGIC,
  withCookie,
} from "./handshake.ts";

const hex = (s: string) => Uint8Array.from(s.match(/../g)!, (b) => Number.parseInt(b, 16));

// Captured from `ffmpeg -f mpegts "srt://127.0.0.1:P?streamid=lv_abcdef/sk_12345"`.
const CONCLUSION = hex(
  "80000000000000000000123100000000" + // control, HANDSHAKE; timestamp; destination socket 0
    "00000005" + // version 5
    "0000" + // encryption: none
    "0005" + // extension flags: HSREQ | CONFIG
    "4bd306d3000005dc00002000" + // initial sequence, MTU 1500, flow window 8192
    "ffffffff" + // conclusion
    "3d6f3d39" + // caller's socket id
    "0000abcd" + // SYN cookie
    "0100007f000000000000000000000000" + // peer IP 127.0.0.1
    "0001000300010501000000bf00780000" + // HSREQ: 3 words
    "00050005615f766c656463626b732f663332315f00003534", // SID: 5 words, little-endian words
);

Deno.test("a caller's conclusion: type, socket id, cookie and Stream ID", () => {
  assertEquals(isHandshake(CONCLUSION), true);
  assertEquals(parseHandshake(CONCLUSION), {
    version: 5,
    type: HandshakeType.Conclusion,
    socketId: 0x3d6f3d39,
    cookie: 0xabcd,
    streamId: "lv_abcdef/sk_12345",
  });
  assertEquals(isHandshake(CONCLUSION.subarray(0, 40)), false);
});

Deno.test("replies: induction response, rejection, relayed induction, cookie swap", () => {
  const response = parseHandshake(inductionResponse(CONCLUSION, 7, 99));
  assertEquals(
    [response.version, response.type, response.socketId, response.cookie],
    [5, 1, 7, 99],
  );
  const bytes = inductionResponse(CONCLUSION, 7, 99);
  const v = new DataView(bytes.buffer);
  assertEquals([v.getUint32(12), v.getUint16(22)], [0x3d6f3d39, SRT_MAGIC]);
  assertEquals(parseHandshake(rejection(CONCLUSION, 7, REJECT_FORBIDDEN)).type, 1000 + 1403);
  const induction = parseHandshake(inductionRequest(CONCLUSION));
  assertEquals([induction.version, induction.type, induction.cookie], [4, 1, 0]);
  assertEquals(parseHandshake(withCookie(CONCLUSION.slice(), 5)).cookie, 5);
  assertEquals(parseHandshake(CONCLUSION).cookie, 0xabcd, "the original is untouched");
});

Deno.test("Stream IDs: <input>/<key>, optionally under live/", () => {
  assertEquals(parseStreamId("lv_a/sk_b"), { id: "lv_a", key: "sk_b" });
  assertEquals(parseStreamId("live/lv_a/sk_b"), { id: "lv_a", key: "sk_b" });
  assertEquals(parseStreamId("lv_a"), undefined);
  assertEquals(parseStreamId(undefined), undefined);
});
