import { describe, it } from "vitest";
import { SessionErrorCode } from "../../error-codes.ts";
import { expectMalformed, expectNotInDraft, expectVector } from "../../testing/control-vectors.ts";
import { hex } from "../../testing/hex.ts";
import { Version } from "../../version.ts";

const D16 = Version.DRAFT_16;

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
    expectVector(
      {
        kind: "requestOk",
        requestId: 1,
        largestLocation: { group: 12, object: 3 },
        expiresMs: 0,
        parameters: {},
      },
      bytes,
      D16,
    );
    expectVector({ kind: "requestOk", requestId: 6, parameters: {} }, hex("07 00 02 06 00"), D16);
  });

  it("keeps parameters meant for other messages, rejects unknown ones and bad values", () => {
    // delta 0x10 -> FORWARD (0x10) = 1: defined, not lifted by REQUEST_OK.
    expectVector(
      { kind: "requestOk", requestId: 0, parameters: { unknown: [{ type: 0x10, value: 1 }] } },
      hex("07 00 04 00 01 10 01"),
      D16,
    );
    // Parameter type 0x0a is not defined in draft-16.
    expectMalformed(hex("07 00 04 00 01 0a 00"), D16, /unknown message parameter 0xa/);
    // LARGEST_OBJECT holding one byte: not a Location.
    expectMalformed(
      hex("07 00 05 00 01 09 01 0c"),
      D16,
      /LARGEST_OBJECT/,
      SessionErrorCode.KEY_VALUE_FORMATTING_ERROR,
    );
  });

  it("does not exist in draft-14 (type 0x7 is PUBLISH_NAMESPACE_OK there)", () => {
    expectNotInDraft({ kind: "requestOk", requestId: 0, parameters: {} }, Version.DRAFT_14);
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
    expectVector({ kind: "requestError", requestId: 3, errorCode: 0x10, reason: "no" }, bytes, D16);
  });

  it("a non-zero Retry Interval is the minimum wait in milliseconds plus 1", () => {
    const bytes = hex(`
      05 00 05    # Type = REQUEST_ERROR, Length = 5
      03          # Request ID = 3
      02          # Error Code = TIMEOUT
      43 e9       # Retry Interval = 1001: retry after at least 1000 ms
      00          # Error Reason: empty
    `);
    expectVector(
      { kind: "requestError", requestId: 3, errorCode: 2, retryIntervalMs: 1000, reason: "" },
      bytes,
      D16,
    );
    // Retry Interval = 1: may retry at once.
    expectVector(
      { kind: "requestError", requestId: 0, errorCode: 0, retryIntervalMs: 0, reason: "" },
      hex("05 00 04 00 00 01 00"),
      D16,
    );
  });

  it("rejects a reason phrase over 1024 bytes", () => {
    // Reason Phrase Length = 1025.
    expectMalformed(hex("05 00 05 03 10 00 44 01"), D16, /exceeds maximum 1024/);
  });
});
