import { describe, expect, it } from "vitest";
import { decodeControl, encodeControl } from "../../control.ts";
import {
  decodeError,
  expectFramingError,
  expectMalformed,
  expectVector,
} from "../../testing/control-vectors.ts";
import { hex } from "../../testing/hex.ts";
import { Version } from "../../version.ts";

describe("CLIENT_SETUP / SERVER_SETUP (§CLIENT_SETUP and SERVER_SETUP)", () => {
  it("draft-14 CLIENT_SETUP lists versions then absolute-typed parameters", () => {
    const bytes = hex(`
      20                # Type = CLIENT_SETUP
      00 11             # Length = 17
      02                # Number of Supported Versions
      c0 00 00 00 ff 00 00 0e  # 0xff00000e = draft-14 (8-byte varint)
      01                # 0x00000001 = the RFC version
      02                # Number of Parameters
      01 02 2f 6d       # PATH (0x01, odd: length 2) "/m"
      02 10             # MAX_REQUEST_ID (0x02, even) = 16
    `);
    const msg = {
      kind: "clientSetup",
      versions: [Version.DRAFT_14, 1],
      parameters: { path: "/m", maxRequestId: 16 },
    } as const;
    expectVector(msg, bytes, Version.DRAFT_14);
  });

  it("draft-16 CLIENT_SETUP has no versions and delta-encoded parameter types", () => {
    const bytes = hex(`
      20                # Type = CLIENT_SETUP
      00 09             # Length = 9
      03                # Number of Parameters
      02 40 64          # MAX_REQUEST_ID: delta 2 -> type 2, value 100 (2-byte varint)
      02 00             # MAX_AUTH_TOKEN_CACHE_SIZE: delta 2 -> type 4, value 0
      03 01 78          # MOQT_IMPLEMENTATION: delta 3 -> type 7, length 1, "x"
    `);
    const msg = {
      kind: "clientSetup",
      parameters: { maxRequestId: 100, maxAuthTokenCacheSize: 0, implementation: "x" },
    } as const;
    expectVector(msg, bytes, Version.DRAFT_16);
  });

  it("keeps unknown setup parameters (they must be ignored, not rejected)", () => {
    const msg = {
      kind: "serverSetup",
      selectedVersion: Version.DRAFT_14,
      parameters: { maxRequestId: 4, unknown: [{ type: 0x2a, value: 7 }] },
    } as const;
    const bytes = encodeControl(msg, Version.DRAFT_14);
    expect(decodeControl(bytes, Version.DRAFT_14)[0]).toEqual(msg);
  });
});

describe("GOAWAY, MAX_REQUEST_ID, REQUESTS_BLOCKED", () => {
  it("GOAWAY carries a length-prefixed URI (§GOAWAY)", () => {
    const bytes = hex(`
      10        # Type = GOAWAY
      00 04     # Length
      03 2f 61 62  # New Session URI Length 3, "/ab"
    `);
    for (const v of [Version.DRAFT_14, Version.DRAFT_16]) {
      expectVector({ kind: "goAway", newSessionUri: "/ab" }, bytes, v);
    }
  });

  it("MAX_REQUEST_ID and REQUESTS_BLOCKED carry one varint", () => {
    // MAX_REQUEST_ID (0x15), Length 2, Max Request ID = 300 (2-byte varint).
    expectVector(
      { kind: "maxRequestId", maxRequestId: 300 },
      hex("15 00 02 41 2c"),
      Version.DRAFT_16,
    );
    // REQUESTS_BLOCKED (0x1a), Length 1, Maximum Request ID = 5.
    expectVector(
      { kind: "requestsBlocked", maximumRequestId: 5 },
      hex("1a 00 01 05"),
      Version.DRAFT_14,
    );
  });

  it("distinguishes a truncated message from a malformed one", () => {
    const full = hex("15 00 02 41 2c");
    const cut = full.subarray(0, 4);
    expect(decodeError(cut, Version.DRAFT_16).truncated).toBe(true);

    // Length says 3 but the varint only needs 2: a byte left over is malformed.
    const long = hex("15 00 03 41 2c 00");
    expectFramingError(long, Version.DRAFT_16, /left after the last field/);
    // Unknown message type: PROTOCOL_VIOLATION.
    expectMalformed(hex("3f 00 00"), Version.DRAFT_16, /unknown control/);
  });
});
