import { describe, expect, it } from "vitest";
import { type ControlMessage, decodeControl, encodeControl } from "../../control.ts";
import { SessionErrorCode } from "../../error-codes.ts";
import { WireDecodeError } from "../../errors.ts";
import { hex, toHex } from "../../testing/hex.ts";
import { Version } from "../../version.ts";

const D16 = Version.DRAFT_16;

function vector(msg: ControlMessage, bytes: Uint8Array): void {
  expect(toHex(encodeControl(msg, D16))).toBe(toHex(bytes));
  expect(decodeControl(bytes, D16)).toStrictEqual([msg, bytes.length]);
}

function decodeError(bytes: Uint8Array): WireDecodeError {
  try {
    decodeControl(bytes, D16);
  } catch (e) {
    if (e instanceof WireDecodeError) return e;
    throw e;
  }
  throw new Error("decoded without error");
}

describe("REQUEST_OK (draft-16 §REQUEST_OK)", () => {
  it("carries a Request ID and parameters; LARGEST_OBJECT and EXPIRES are lifted", () => {
    const bytes = hex(`
      07            # Type = REQUEST_OK
      00 08         # Length = 8
      01            # Request ID = 1
      02            # Number of Parameters
      08 00         # delta 8 -> EXPIRES (0x08) = 0
      01 02 0c 03   # delta 1 -> LARGEST_OBJECT (0x09), length 2: {12, 3}
    `);
    vector(
      {
        kind: "requestOk",
        requestId: 1,
        largestLocation: { group: 12, object: 3 },
        expiresMs: 0,
        parameters: {},
      },
      bytes,
    );
    vector({ kind: "requestOk", requestId: 6, parameters: {} }, hex("07 00 02 06 00"));
  });

  it("keeps parameters meant for other messages, rejects unknown ones and bad values", () => {
    // delta 0x10 -> FORWARD (0x10) = 1: defined, not lifted by REQUEST_OK.
    vector(
      { kind: "requestOk", requestId: 0, parameters: { unknown: [{ type: 0x10, value: 1 }] } },
      hex("07 00 04 00 01 10 01"),
    );
    // Parameter type 0x0a is not defined in draft-16.
    let e = decodeError(hex("07 00 04 00 01 0a 00"));
    expect(e.termination).toBe(SessionErrorCode.PROTOCOL_VIOLATION);
    expect(e.message).toMatch(/unknown message parameter 0xa/);
    // LARGEST_OBJECT holding one byte: not a Location.
    e = decodeError(hex("07 00 05 00 01 09 01 0c"));
    expect(e.failure).toBe("malformed");
    expect(e.termination).toBe(SessionErrorCode.KEY_VALUE_FORMATTING_ERROR);
  });

  it("does not exist in draft-14 (type 0x7 is PUBLISH_NAMESPACE_OK there)", () => {
    const msg = { kind: "requestOk", requestId: 0, parameters: {} } as const;
    expect(() => encodeControl(msg, Version.DRAFT_14)).toThrow(/does not exist in draft-14/);
  });
});

describe("REQUEST_ERROR (draft-16 §REQUEST_ERROR)", () => {
  it("a Retry Interval of 0 means do not retry", () => {
    const bytes = hex(`
      05          # Type = REQUEST_ERROR
      00 06       # Length = 6
      03          # Request ID = 3
      10          # Error Code = DOES_NOT_EXIST
      00          # Retry Interval = 0: do not retry
      02 6e 6f    # Error Reason: "no"
    `);
    vector({ kind: "requestError", requestId: 3, errorCode: 0x10, reason: "no" }, bytes);
  });

  it("a non-zero Retry Interval is the minimum wait in milliseconds plus 1", () => {
    const bytes = hex(`
      05 00 05    # Type = REQUEST_ERROR, Length = 5
      03          # Request ID = 3
      02          # Error Code = TIMEOUT
      43 e9       # Retry Interval = 1001: retry after at least 1000 ms
      00          # Error Reason: empty
    `);
    vector(
      { kind: "requestError", requestId: 3, errorCode: 2, retryIntervalMs: 1000, reason: "" },
      bytes,
    );
    // Retry Interval = 1: may retry at once.
    vector(
      { kind: "requestError", requestId: 0, errorCode: 0, retryIntervalMs: 0, reason: "" },
      hex("05 00 04 00 00 01 00"),
    );
  });

  it("rejects a reason phrase over 1024 bytes", () => {
    const e = decodeError(hex("05 00 05 03 10 00 44 01")); // Reason Phrase Length = 1025
    expect(e.failure).toBe("malformed");
    expect(e.termination).toBe(SessionErrorCode.PROTOCOL_VIOLATION);
    expect(e.message).toMatch(/exceeds maximum 1024/);
  });
});
