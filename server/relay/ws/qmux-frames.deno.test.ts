// The QMux frame codec, byte for byte (qmux-02 §"QUIC Frames", RFC 9000 §19),
// and its refusals. Run: npx deno test -A server/relay/ws/qmux-frames.deno.test.ts
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { QmuxError, QmuxErrorCode } from "./qmux-error.ts";
import {
  decodeFrame,
  encodeClose,
  encodeDatagram,
  encodeMaxStreamData,
  encodeParametersFrame,
  encodePing,
  encodeReset,
  encodeStop,
  type Frame,
  putStreamHeader,
  streamHeaderSize,
} from "./qmux-frames.ts";
import { DEFAULT_PARAMETERS, decodeParameters, encodeParameters } from "./qmux-params.ts";
import { WireReader, type WireVersion } from "./qmux-wire.ts";

const bytes = (...b: number[]) => new Uint8Array(b);
const decodeAll = (b: Uint8Array, v: WireVersion = "qmux-02"): Frame[] => {
  const r = new WireReader(b);
  const out: Frame[] = [];
  while (r.remaining > 0) out.push(decodeFrame(r, v));
  return out;
};
const failsWith = (code: QmuxErrorCode, f: () => unknown) =>
  throws(f, (e: unknown) => e instanceof QmuxError && e.transportCode === code);

Deno.test("STREAM header: LEN always, OFF only past 0, FIN bit (RFC 9000 §19.8)", () => {
  const out = new Uint8Array(16);
  // type 0x0b = STREAM|LEN|FIN, Stream ID 3, Length 5
  strictEqual(putStreamHeader(out, 0, "qmux-02", 3, 0, 5, true), 3);
  deepStrictEqual(out.subarray(0, 3), bytes(0x0b, 0x03, 0x05));
  // type 0x0e = STREAM|OFF|LEN, Stream ID 7, Offset 300 (2-byte varint 0x412c), Length 64 (0x4040)
  strictEqual(putStreamHeader(out, 0, "qmux-02", 7, 300, 64, false), 6);
  deepStrictEqual(out.subarray(0, 6), bytes(0x0e, 0x07, 0x41, 0x2c, 0x40, 0x40));
  strictEqual(streamHeaderSize("qmux-02", 7, 300, 64), 6);
  // pre-QMux framing: type 0x09 (FIN), Stream ID, payload to the message's end
  strictEqual(putStreamHeader(out, 0, "webtransport", 3, 0, 5, true), 2);
  deepStrictEqual(out.subarray(0, 2), bytes(0x09, 0x03));
});

Deno.test("STREAM frames decode with and without Offset and Length", () => {
  const frames = decodeAll(bytes(0x0e, 0x03, 0x02, 0x01, 0xaa, 0x09, 0x02, 0xbb, 0xcc));
  deepStrictEqual(frames, [
    { type: "stream", id: 3, offset: 2, data: bytes(0xaa), fin: false },
    // 0x09: no OFF, no LEN (runs to the record's end), FIN
    { type: "stream", id: 2, offset: 0, data: bytes(0xbb, 0xcc), fin: true },
  ]);
  deepStrictEqual(decodeAll(bytes(0x08, 0x06, 0x01, 0x02), "webtransport"), [
    { type: "stream", id: 6, offset: -1, data: bytes(0x01, 0x02), fin: false },
  ]);
});

Deno.test("control frames, byte for byte", () => {
  // RESET_STREAM: type, Stream ID 3, Error Code 7, Final Size 100 (0x4064)
  deepStrictEqual(encodeReset("qmux-02", 3, 7, 100), bytes(0x04, 0x03, 0x07, 0x40, 0x64));
  deepStrictEqual(encodeReset("webtransport", 3, 7, 100), bytes(0x04, 0x03, 0x07));
  deepStrictEqual(encodeStop(2, 9), bytes(0x05, 0x02, 0x09));
  deepStrictEqual(encodeMaxStreamData(2, 16), bytes(0x11, 0x02, 0x10));
  // CONNECTION_CLOSE: code 0x0a, Frame Type 0x08, Reason Length 2, "no"
  deepStrictEqual(
    encodeClose("qmux-02", false, 0x0a, "no", 0x08),
    bytes(0x1c, 0x0a, 0x08, 0x02, 0x6e, 0x6f),
  );
  // APPLICATION_CLOSE has no Frame Type
  deepStrictEqual(encodeClose("qmux-02", true, 1, "no"), bytes(0x1d, 0x01, 0x02, 0x6e, 0x6f));
  deepStrictEqual(encodeClose("webtransport", true, 1, "no"), bytes(0x1d, 0x01, 0x6e, 0x6f));
  deepStrictEqual(encodeDatagram(bytes(1, 2)), bytes(0x31, 0x02, 1, 2));
  deepStrictEqual(decodeAll(encodeClose("qmux-01", false, 0x07, "bad", 0x02)), [
    { type: "close", application: false, code: 0x07, reason: "bad" },
  ]);
});

Deno.test("the 8-byte QMux frame types decode exactly", () => {
  // QX_TRANSPORT_PARAMETERS, type 0x3f5153300d0a0d0a as an 8-byte varint, then
  // Length 4 and initial_max_data (id 0x04, length 2, 1000 = 0x43e8).
  const tp = encodeParametersFrame({ ...DEFAULT_PARAMETERS, initialMaxData: 1000 });
  deepStrictEqual(
    tp,
    bytes(0xff, 0x51, 0x53, 0x30, 0x0d, 0x0a, 0x0d, 0x0a, 0x04, 0x04, 0x02, 0x43, 0xe8),
  );
  const [params] = decodeAll(tp);
  deepStrictEqual(params, {
    type: "params",
    params: { ...DEFAULT_PARAMETERS, initialMaxData: 1000 },
  });
  // Request and response differ in the last bit only, beyond a double's precision.
  deepStrictEqual(decodeAll(encodePing(false, 5)), [
    { type: "ping", response: false, sequence: 5 },
  ]);
  deepStrictEqual(decodeAll(encodePing(true, 5)), [{ type: "ping", response: true, sequence: 5 }]);
});

Deno.test("transport parameters round-trip; forbidden, repeated and too-small ones are refused", () => {
  const p = {
    ...DEFAULT_PARAMETERS,
    maxIdleTimeoutMs: 30_000,
    initialMaxStreamsUni: 100,
    maxRecordSize: 65_536,
  };
  deepStrictEqual(decodeParameters(encodeParameters(p)), p);
  // unknown (and reserved) ids are skipped: id 0x1b, length 1, value 0
  deepStrictEqual(decodeParameters(bytes(0x1b, 0x01, 0x00)), DEFAULT_PARAMETERS);
  const TPE = QmuxErrorCode.TRANSPORT_PARAMETER_ERROR;
  failsWith(TPE, () => decodeParameters(bytes(0x00, 0x01, 0x00))); // original_destination_connection_id
  failsWith(TPE, () => decodeParameters(bytes(0x04, 0x01, 0x01, 0x04, 0x01, 0x02))); // initial_max_data twice
  failsWith(TPE, () => decodeParameters(bytes(0x04, 0x02, 0x01, 0x00))); // trailing byte in the value
  failsWith(TPE, () =>
    decodeParameters(encodeParameters({ ...DEFAULT_PARAMETERS, maxRecordSize: 1000 })),
  );
  failsWith(TPE, () => decodeParameters(bytes(0x04, 0x04, 0x01))); // truncated
});

Deno.test("prohibited, unknown and truncated frames are FRAME_ENCODING_ERRORs", () => {
  const FEE = QmuxErrorCode.FRAME_ENCODING_ERROR;
  failsWith(FEE, () => decodeAll(bytes(0x02, 0x00, 0x00, 0x00, 0x00))); // ACK
  failsWith(FEE, () => decodeAll(bytes(0x01))); // PING
  failsWith(FEE, () => decodeAll(bytes(0x06, 0x00, 0x00))); // CRYPTO
  failsWith(FEE, () => decodeAll(bytes(0x1e))); // HANDSHAKE_DONE
  failsWith(FEE, () => decodeAll(bytes(0x24, 0x00, 0x00, 0x00, 0x00))); // RESET_STREAM_AT, not negotiated
  failsWith(FEE, () => decodeAll(bytes(0x0a, 0x02, 0x05, 0xaa))); // Length 5, 1 byte left
  failsWith(FEE, () => decodeAll(bytes(0x04, 0x02))); // RESET_STREAM cut short
  failsWith(FEE, () => decodeAll(bytes(0x13, 0xd0, 0, 0, 0, 0, 0, 0, 1))); // MAX_STREAMS 2^60 + 1
  deepStrictEqual(decodeAll(bytes(0x13, 0xd0, 0, 0, 0, 0, 0, 0, 0)), [
    { type: "max_streams", bidi: false, max: 2 ** 60 },
  ]);
  failsWith(FEE, () => decodeAll(bytes(0x30), "webtransport"));
});
