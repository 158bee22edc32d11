import { describe, expect, it } from "vitest";
import { encodeControl } from "../../control.ts";
import { SessionErrorCode } from "../../error-codes.ts";
import { WireEncodeError } from "../../errors.ts";
import {
  expectDecodes,
  expectMalformed,
  expectNotInDraft,
  expectVector,
  itRoundTrips,
} from "../../testing/control-vectors.ts";
import { hex, utf8 } from "../../testing/hex.ts";
import { Version } from "../../version.ts";
import { arbitraries } from "./arbitrary.ts";
import type { Publish } from "./publish.ts";
import type { PublishError } from "./publish-error.ts";
import type { PublishOk } from "./publish-ok.ts";

const D14 = Version.DRAFT_14;
const D16 = Version.DRAFT_16;

describe("PUBLISH (§PUBLISH)", () => {
  it("draft-14 carries group order, content exists, largest location and forward inline", () => {
    const bytes = hex(`
      1d            # Type = PUBLISH
      00 13         # Length = 19
      01            # Request ID = 1
      01            # Track Namespace: 1 field
      02 6c 76      #   length 2, "lv"
      03 63 61 6d   # Track Name length 3, "cam"
      05            # Track Alias = 5
      02            # Group Order = Descending
      01            # Content Exists = 1
      0a 03         # Largest Location = {10, 3}
      00            # Forward = 0
      01            # Number of Parameters = 1
      02 40 c8      # DELIVERY_TIMEOUT (0x02) = 200 (2-byte varint)
    `);
    const msg: Publish = {
      kind: "publish",
      requestId: 1,
      trackNamespace: [utf8("lv")],
      trackName: utf8("cam"),
      trackAlias: 5,
      groupOrder: 2,
      largestLocation: { group: 10, object: 3 },
      forward: false,
      parameters: { deliveryTimeoutMs: 200 },
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-14 omits the largest location when no content exists", () => {
    const bytes = hex(`
      1d 00 0b      # PUBLISH, Length = 11
      00            # Request ID = 0
      01 01 61      # Track Namespace: 1 field, "a"
      01 62         # Track Name "b"
      00            # Track Alias = 0
      01            # Group Order = Ascending
      00            # Content Exists = 0 (no Largest Location)
      01            # Forward = 1
      00            # Number of Parameters = 0
    `);
    const msg: Publish = {
      kind: "publish",
      requestId: 0,
      trackNamespace: [utf8("a")],
      trackName: utf8("b"),
      trackAlias: 0,
      groupOrder: 1,
      forward: true,
      parameters: {},
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-16 moves them to parameters and ends with Track Extensions", () => {
    const bytes = hex(`
      1d            # Type = PUBLISH
      00 19         # Length = 25
      01            # Request ID = 1
      01 02 6c 76   # Track Namespace: 1 field, "lv"
      03 63 61 6d   # Track Name "cam"
      05            # Track Alias = 5
      03            # Number of Parameters = 3
      08 40 64      # delta 8 -> EXPIRES (0x08) = 100
      01 02 0a 03   # delta 1 -> LARGEST_OBJECT (0x09), length 2, Location {10, 3}
      07 00         # delta 7 -> FORWARD (0x10) = 0
      0e 40 80      # Track Extension: delta 14 -> DEFAULT_PUBLISHER_PRIORITY (0x0e) = 128
      22 01         # Track Extension: delta 34 -> DYNAMIC_GROUPS (0x30) = 1
    `);
    const msg: Publish = {
      kind: "publish",
      requestId: 1,
      trackNamespace: [utf8("lv")],
      trackName: utf8("cam"),
      trackAlias: 5,
      largestLocation: { group: 10, object: 3 },
      forward: false,
      expiresMs: 100,
      parameters: {},
      trackExtensions: [
        { type: 0x0e, value: 128 },
        { type: 0x30, value: 1 },
      ],
    };
    expectVector(msg, bytes, D16);
  });

  it("draft-16 without FORWARD means forward = 1", () => {
    const bytes = hex(`
      1d 00 07      # PUBLISH, Length = 7
      02            # Request ID = 2
      01 01 61      # Track Namespace "a"
      00            # Track Name "" (empty)
      09            # Track Alias = 9
      00            # Number of Parameters = 0 (no Track Extensions follow)
    `);
    expectDecodes(
      {
        kind: "publish",
        requestId: 2,
        trackNamespace: [utf8("a")],
        trackName: new Uint8Array(0),
        trackAlias: 9,
        forward: true,
        parameters: {},
      },
      bytes,
      D16,
    );
  });

  it("rejects invalid fixed fields, parameters and track extensions", () => {
    // draft-14 Group Order 0 is a protocol error in PUBLISH.
    expectMalformed(hex("1d 00 0b 00 01 01 61 01 62 00 00 00 01 00"), D14, /group order/);
    // draft-14 Content Exists 2.
    expectMalformed(hex("1d 00 0b 00 01 01 61 01 62 00 01 02 01 00"), D14, /content exists/);
    // draft-14 Forward 2.
    expectMalformed(hex("1d 00 0b 00 01 01 61 01 62 00 01 00 02 00"), D14, /forward/);
    // draft-16 FORWARD (0x10) = 2.
    expectMalformed(hex("1d 00 0a 00 01 01 61 01 62 00 01 10 02"), D16, /FORWARD/);
    // draft-16 LARGEST_OBJECT with a trailing byte after the Location.
    expectMalformed(
      hex("1d 00 0d 00 01 01 61 01 62 00 01 09 03 01 02 03"),
      D16,
      /LARGEST_OBJECT/,
      SessionErrorCode.KEY_VALUE_FORMATTING_ERROR,
    );
    // draft-16 Track Extension DYNAMIC_GROUPS (0x30) = 2.
    expectMalformed(hex("1d 00 0a 00 01 01 61 01 62 00 00 30 02"), D16, /DYNAMIC_GROUPS/);
    // draft-16 Track Extension DELIVERY_TIMEOUT (0x02) = 0.
    expectMalformed(hex("1d 00 0a 00 01 01 61 01 62 00 00 02 00"), D16, /DELIVERY_TIMEOUT/);
  });

  it("leaves out what the target draft has no place for", () => {
    const base: Publish = {
      kind: "publish",
      requestId: 0,
      trackNamespace: [utf8("a")],
      trackName: utf8("b"),
      trackAlias: 0,
      forward: true,
      parameters: {},
    };
    const both: Publish = {
      ...base,
      groupOrder: 1,
      expiresMs: 5,
      trackExtensions: [{ type: 0x0e, value: 1 }],
    };
    // draft-14 has no EXPIRES or Track Extensions; draft-16 has no Group Order.
    expect(encodeControl(both, D14)).toEqual(encodeControl({ ...base, groupOrder: 1 }, D14));
    const { groupOrder: _, ...without } = both;
    expect(encodeControl(both, D16)).toEqual(encodeControl(without, D16));
  });

  it("refuses to encode a group order draft-14 PUBLISH cannot carry", () => {
    const msg: Publish = {
      kind: "publish",
      requestId: 0,
      trackNamespace: [utf8("a")],
      trackName: utf8("b"),
      trackAlias: 0,
      groupOrder: 0,
      forward: true,
      parameters: {},
    };
    expect(() => encodeControl(msg, D14)).toThrow(WireEncodeError);
  });
});

describe("PUBLISH_OK (§PUBLISH_OK)", () => {
  it("draft-14 carries forward, priority, group order and the filter inline", () => {
    const bytes = hex(`
      1e            # Type = PUBLISH_OK
      00 0e         # Length = 14
      07            # Request ID = 7
      01            # Forward = 1
      80            # Subscriber Priority = 128 (8 bits)
      01            # Group Order = Ascending
      04            # Filter Type = AbsoluteRange
      05 00         # Start Location = {5, 0}
      09            # End Group = 9
      01            # Number of Parameters = 1
      03 03         # AUTHORIZATION_TOKEN (0x03), length 3
      03 01 41      #   Alias Type USE_VALUE, Token Type 1, Token Value "A"
    `);
    const msg: PublishOk = {
      kind: "publishOk",
      requestId: 7,
      forward: true,
      subscriberPriority: 128,
      groupOrder: 1,
      filter: { type: "absoluteRange", start: { group: 5, object: 0 }, endGroup: 9 },
      parameters: {
        authorizationTokens: [{ aliasType: "useValue", tokenType: 1, value: utf8("A") }],
      },
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-16 carries them all as parameters, in ascending type order", () => {
    const bytes = hex(`
      1e            # Type = PUBLISH_OK
      00 0f         # Length = 15
      07            # Request ID = 7
      06            # Number of Parameters = 6
      02 32         # delta 2 -> DELIVERY_TIMEOUT (0x02) = 50
      0e 01         # delta 14 -> FORWARD (0x10) = 1
      10 0a         # delta 16 -> SUBSCRIBER_PRIORITY (0x20) = 10
      01 01 02      # delta 1 -> SUBSCRIPTION_FILTER (0x21), length 1, Filter Type = Largest Object
      01 02         # delta 1 -> GROUP_ORDER (0x22) = Descending
      10 04         # delta 16 -> NEW_GROUP_REQUEST (0x32) = 4
    `);
    const msg: PublishOk = {
      kind: "publishOk",
      requestId: 7,
      forward: true,
      subscriberPriority: 10,
      groupOrder: 2,
      filter: { type: "largestObject" },
      newGroupRequest: 4,
      parameters: { deliveryTimeoutMs: 50 },
    };
    expectVector(msg, bytes, D16);
  });

  it("draft-16 defaults: forward 1, priority 128, the publisher's group order, unfiltered", () => {
    const bytes = hex(`
      1e 00 02      # PUBLISH_OK, Length = 2
      03            # Request ID = 3
      00            # Number of Parameters = 0
    `);
    expectDecodes(
      {
        kind: "publishOk",
        requestId: 3,
        forward: true,
        subscriberPriority: 128,
        groupOrder: 0,
        parameters: {},
      },
      bytes,
      D16,
    );
  });

  it("rejects invalid filters and parameter values", () => {
    // draft-14 Filter Type 5.
    expectMalformed(hex("1e 00 06 07 01 80 01 05 00"), D14, /filter type/);
    // draft-14 AbsoluteRange ending before its start group (End Group 4 < 5).
    expectMalformed(hex("1e 00 09 07 01 80 01 04 05 00 04 00"), D14, /End Group/);
    // draft-14 Group Order 0 is a protocol error in PUBLISH_OK.
    expectMalformed(hex("1e 00 06 07 01 80 00 02 00"), D14, /group order/);
    // draft-16 SUBSCRIBER_PRIORITY (0x20) = 256.
    expectMalformed(hex("1e 00 05 07 01 20 41 00"), D16, /SUBSCRIBER_PRIORITY/);
    // draft-16 GROUP_ORDER (0x22) = 3.
    expectMalformed(hex("1e 00 04 07 01 22 03"), D16, /GROUP_ORDER/);
    // draft-16 SUBSCRIPTION_FILTER whose length (2) exceeds its filter (Largest Object).
    expectMalformed(hex("1e 00 06 07 01 21 02 02 00"), D16, /SUBSCRIPTION_FILTER/);
    // draft-16 SUBSCRIPTION_FILTER too short for AbsoluteStart.
    expectMalformed(hex("1e 00 06 07 01 21 02 03 05"), D16, /SUBSCRIPTION_FILTER/);
    // draft-16 DELIVERY_TIMEOUT = 0.
    expectMalformed(hex("1e 00 04 07 01 02 00"), D16, /DELIVERY_TIMEOUT/);
    // draft-16 SUBSCRIPTION_FILTER AbsoluteRange {5, 0}..4: unlike SUBSCRIBE, a protocol error.
    expectMalformed(hex("1e 00 08 07 01 21 04 04 05 00 04"), D16, /End Group 4 is before/);
  });

  it("refuses what the target draft cannot carry", () => {
    const msg: PublishOk = {
      kind: "publishOk",
      requestId: 7,
      forward: true,
      subscriberPriority: 1,
      groupOrder: 0,
      parameters: {},
    };
    // draft-14 PUBLISH_OK has no "publisher's order" value.
    expect(() => encodeControl(msg, D14)).toThrow(WireEncodeError);
    expect(() => encodeControl({ ...msg, subscriberPriority: 256 }, D16)).toThrow(WireEncodeError);
    const inverted = {
      type: "absoluteRange",
      start: { group: 5, object: 0 },
      endGroup: 4,
    } as const;
    expect(() => encodeControl({ ...msg, filter: inverted }, D16)).toThrow(WireEncodeError);
  });
});

describe("PUBLISH_ERROR (draft-14 §PUBLISH_ERROR)", () => {
  it("carries a code and a reason phrase", () => {
    const bytes = hex(`
      1f 00 09      # Type = PUBLISH_ERROR, Length = 9
      07            # Request ID = 7
      04            # Error Code = UNINTERESTED
      06 6e 6f 20 74 68 78  # Reason Phrase length 6, "no thx"
    `);
    const msg: PublishError = {
      kind: "publishError",
      requestId: 7,
      errorCode: 4,
      reason: "no thx",
    };
    expectVector(msg, bytes, D14);
  });

  it("does not exist in draft-16 (REQUEST_ERROR replaces it)", () => {
    const msg: PublishError = { kind: "publishError", requestId: 7, errorCode: 4, reason: "" };
    expectNotInDraft(msg, D16);
  });
});

describe("PUBLISH family round trips (property)", () => {
  itRoundTrips(arbitraries, 300);
});
