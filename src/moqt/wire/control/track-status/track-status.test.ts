import { describe, expect, it } from "vitest";
import { decodeControl } from "../../control.ts";
import {
  expectEncodes,
  expectMalformed,
  expectNotInDraft,
  expectVector,
  itRoundTrips,
} from "../../testing/control-vectors.ts";
import { hex, utf8 } from "../../testing/hex.ts";
import { Version } from "../../version.ts";
import { arbitraries } from "./arbitrary.ts";
import type { TrackStatus } from "./track-status.ts";
import type { TrackStatusError, TrackStatusOk } from "./track-status-reply.ts";

const D14 = Version.DRAFT_14;
const D16 = Version.DRAFT_16;

describe("TRACK_STATUS (§TRACK_STATUS)", () => {
  it("draft-14 has the SUBSCRIBE layout", () => {
    const bytes = hex(`
      0d            # Type = TRACK_STATUS
      00 0e         # Length = 14
      08            # Request ID = 8
      01 02 6c 76   # Track Namespace: 1 field, "lv"
      03 63 61 6d   # Track Name "cam"
      80            # Subscriber Priority = 128
      00            # Group Order = 0 (the original publisher's)
      01            # Forward = 1
      02            # Filter Type = Largest Object
      00            # Number of Parameters = 0
    `);
    const msg: TrackStatus = {
      kind: "trackStatus",
      requestId: 8,
      trackNamespace: [utf8("lv")],
      trackName: utf8("cam"),
      subscriberPriority: 128,
      groupOrder: 0,
      forward: true,
      filter: { type: "largestObject" },
      parameters: {},
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-14 with an AbsoluteStart filter keeps unknown parameters", () => {
    const bytes = hex(`
      0d 00 0f      # TRACK_STATUS, Length = 15
      0a            # Request ID = 10
      01 01 61      # Track Namespace: 1 field, "a"
      01 62         # Track Name "b"
      0a            # Subscriber Priority = 10
      01            # Group Order = Ascending
      00            # Forward = 0
      03 01 02      # Filter Type = AbsoluteStart, Start Location = {1, 2}
      01            # Number of Parameters = 1
      2a 07         # unknown type 0x2a = 7 (receivers ignore it)
    `);
    const msg: TrackStatus = {
      kind: "trackStatus",
      requestId: 10,
      trackNamespace: [utf8("a")],
      trackName: utf8("b"),
      subscriberPriority: 10,
      groupOrder: 1,
      forward: false,
      filter: { type: "absoluteStart", start: { group: 1, object: 2 } },
      parameters: { unknown: [{ type: 0x2a, value: 7 }] },
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-16 is SUBSCRIBE without delivery parameters; those are ignored", () => {
    const bytes = hex(`
      0d 00 11      # TRACK_STATUS, Length = 17
      08            # Request ID = 8
      01 02 6c 76   # Track Namespace: 1 field, "lv"
      03 63 61 6d   # Track Name "cam"
      02            # Number of Parameters = 2
      03 03         # delta 3 -> AUTHORIZATION_TOKEN (0x03), length 3
      03 00 78      #   USE_VALUE, Token Type 0, Token Value "x"
      1d 05         # delta 29 -> SUBSCRIBER_PRIORITY (0x20) = 5: not defined for TRACK_STATUS
    `);
    const msg: TrackStatus = {
      kind: "trackStatus",
      requestId: 8,
      trackNamespace: [utf8("lv")],
      trackName: utf8("cam"),
      parameters: {
        authorizationTokens: [{ aliasType: "useValue", tokenType: 0, value: utf8("x") }],
        unknown: [{ type: 0x20, value: 5 }],
      },
    };
    expectVector(msg, bytes, D16);
  });

  it("draft-14 defaults for fields draft-16 does not have", () => {
    const msg: TrackStatus = {
      kind: "trackStatus",
      requestId: 0,
      trackNamespace: [utf8("a")],
      trackName: utf8("b"),
      parameters: {},
    };
    expectEncodes(
      msg,
      hex(`
          0d 00 0d      # TRACK_STATUS, Length = 13
          00            # Request ID = 0
          01 01 61      # Track Namespace "a"
          01 62         # Track Name "b"
          80            # Subscriber Priority = 128
          00            # Group Order = 0 (the original publisher's)
          01            # Forward = 1
          03 00 00      # Filter Type = AbsoluteStart {0, 0}: unfiltered
          00            # Number of Parameters = 0
        `),
      D14,
    );
  });

  it("rejects bad fields", () => {
    // draft-14 Filter Type 0.
    expectMalformed(hex("0d 00 0b 00 01 01 61 01 62 80 00 01 00 00"), D14, /filter type/);
    // draft-14 Forward 2.
    expectMalformed(hex("0d 00 0b 00 01 01 61 01 62 80 00 02 02 00"), D14, /forward/);
    // draft-14 Group Order 3.
    expectMalformed(hex("0d 00 0b 00 01 01 61 01 62 80 03 01 02 00"), D14, /group order/);
    // draft-16 unknown message parameter 0x05.
    expectMalformed(hex("0d 00 09 00 01 01 61 01 62 01 05 00"), D16, /unknown message parameter/);
  });

  it("decodes an inverted AbsoluteRange (answered with INVALID_RANGE)", () => {
    const bytes = hex(`
      0d 00 0e      # TRACK_STATUS, Length = 14
      00            # Request ID = 0
      01 01 61      # Track Namespace "a"
      01 62         # Track Name "b"
      80 00 01      # Subscriber Priority 128, Group Order 0, Forward 1
      04 05 00 04   # AbsoluteRange, Start {5, 0}, End Group 4
      00            # Number of Parameters = 0
    `);
    expect(decodeControl(bytes, D14)[0]).toMatchObject({
      filter: { type: "absoluteRange", start: { group: 5, object: 0 }, endGroup: 4 },
    });
  });
});

describe("TRACK_STATUS_OK / TRACK_STATUS_ERROR (draft-14)", () => {
  it("TRACK_STATUS_OK has the SUBSCRIBE_OK layout", () => {
    const bytes = hex(`
      0e 00 0b      # Type = TRACK_STATUS_OK, Length = 11
      08            # Request ID = 8
      00            # Track Alias = 0
      00            # Expires = 0
      01            # Group Order = Ascending
      01            # Content Exists = 1
      0c 00         # Largest Location = {12, 0}
      01            # Number of Parameters = 1
      04 44 b0      # MAX_CACHE_DURATION (0x04) = 1200
    `);
    const msg: TrackStatusOk = {
      kind: "trackStatusOk",
      requestId: 8,
      trackAlias: 0,
      expiresMs: 0,
      groupOrder: 1,
      largestLocation: { group: 12, object: 0 },
      parameters: { maxCacheDurationMs: 1200 },
    };
    expectVector(msg, bytes, D14);
    expectNotInDraft(msg, D16);
  });

  it("TRACK_STATUS_ERROR has the SUBSCRIBE_ERROR layout", () => {
    const bytes = hex(`
      0f 00 03      # Type = TRACK_STATUS_ERROR, Length = 3
      08            # Request ID = 8
      04            # Error Code = TRACK_DOES_NOT_EXIST
      00            # Reason Phrase length 0
    `);
    const msg: TrackStatusError = {
      kind: "trackStatusError",
      requestId: 8,
      errorCode: 4,
      reason: "",
    };
    expectVector(msg, bytes, D14);
    expectNotInDraft(msg, D16);
  });

  it("TRACK_STATUS_OK rejects group order 0 and Content Exists 2", () => {
    expectMalformed(hex("0e 00 06 08 00 00 00 00 00"), D14, /group order/);
    expectMalformed(hex("0e 00 06 08 00 00 01 02 00"), D14, /content exists/);
  });
});

describe("TRACK_STATUS family round trips (property)", () => {
  itRoundTrips(arbitraries, 300);
});
