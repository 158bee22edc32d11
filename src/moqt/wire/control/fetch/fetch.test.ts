import { describe, expect, it } from "vitest";
import { decodeControl, encodeControl } from "../../control.ts";
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
import { type Fetch, fetchRangeValid } from "./fetch.ts";
import type { FetchCancel } from "./fetch-cancel.ts";
import type { FetchError } from "./fetch-error.ts";
import type { FetchOk } from "./fetch-ok.ts";

const D14 = Version.DRAFT_14;
const D16 = Version.DRAFT_16;

describe("FETCH (§FETCH, §Fetch Handling)", () => {
  it("draft-14 standalone fetch: priority and group order inline, then the range", () => {
    const bytes = hex(`
      16            # Type = FETCH
      00 11         # Length = 17
      02            # Request ID = 2
      20            # Subscriber Priority = 32
      00            # Group Order = 0 (the original publisher's)
      01            # Fetch Type = Standalone
      01 02 6c 76   # Track Namespace: 1 field, "lv"
      03 63 61 6d   # Track Name "cam"
      03 00         # Start Location = {3, 0}
      05 00         # End Location = {5, 0}: all of group 5
      00            # Number of Parameters = 0
    `);
    const msg: Fetch = {
      kind: "fetch",
      requestId: 2,
      subscriberPriority: 32,
      groupOrder: 0,
      target: {
        type: "standalone",
        trackNamespace: [utf8("lv")],
        trackName: utf8("cam"),
        start: { group: 3, object: 0 },
        end: { group: 5, object: 0 },
      },
      parameters: {},
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-14 relative joining fetch", () => {
    const bytes = hex(`
      16 00 07      # FETCH, Length = 7
      04            # Request ID = 4
      80            # Subscriber Priority = 128
      02            # Group Order = Descending
      02            # Fetch Type = Relative Joining
      02            # Joining Request ID = 2
      03            # Joining Start = 3 groups before the largest
      00            # Number of Parameters = 0
    `);
    const msg: Fetch = {
      kind: "fetch",
      requestId: 4,
      subscriberPriority: 128,
      groupOrder: 2,
      target: { type: "relativeJoining", joiningRequestId: 2, joiningStart: 3 },
      parameters: {},
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-16 absolute joining fetch with priority and group order as parameters", () => {
    const bytes = hex(`
      16 00 0b      # FETCH, Length = 11
      04            # Request ID = 4
      03            # Fetch Type = Absolute Joining
      02            # Joining Request ID = 2
      40 64         # Joining Start = group 100
      02            # Number of Parameters = 2
      20 40 c8      # delta 32 -> SUBSCRIBER_PRIORITY (0x20) = 200
      02 02         # delta 2 -> GROUP_ORDER (0x22) = Descending
    `);
    const msg: Fetch = {
      kind: "fetch",
      requestId: 4,
      subscriberPriority: 200,
      groupOrder: 2,
      target: { type: "absoluteJoining", joiningRequestId: 2, joiningStart: 100 },
      parameters: {},
    };
    expectVector(msg, bytes, D16);
  });

  it("draft-16 standalone fetch with an authorization token", () => {
    const bytes = hex(`
      16 00 15      # FETCH, Length = 21
      06            # Request ID = 6
      01            # Fetch Type = Standalone
      01 01 61      # Track Namespace: 1 field, "a"
      01 62         # Track Name "b"
      00 05         # Start Location = {0, 5}
      00 09         # End Location = {0, 9}: objects 5..8
      03            # Number of Parameters = 3
      03 02 00 07   # delta 3 -> AUTHORIZATION_TOKEN (0x03), length 2: DELETE, Token Alias 7
      1d 40 80      # delta 29 -> SUBSCRIBER_PRIORITY (0x20) = 128
      02 01         # delta 2 -> GROUP_ORDER (0x22) = Ascending
    `);
    const msg: Fetch = {
      kind: "fetch",
      requestId: 6,
      subscriberPriority: 128,
      groupOrder: 1,
      target: {
        type: "standalone",
        trackNamespace: [utf8("a")],
        trackName: utf8("b"),
        start: { group: 0, object: 5 },
        end: { group: 0, object: 9 },
      },
      parameters: { authorizationTokens: [{ aliasType: "delete", alias: 7 }] },
    };
    expectVector(msg, bytes, D16);
  });

  it("draft-16 defaults: priority 128, Ascending", () => {
    const bytes = hex(`
      16 00 05      # FETCH, Length = 5
      00            # Request ID = 0
      02            # Fetch Type = Relative Joining
      00            # Joining Request ID = 0
      00            # Joining Start = 0
      00            # Number of Parameters = 0
    `);
    expectDecodes(
      {
        kind: "fetch",
        requestId: 0,
        subscriberPriority: 128,
        groupOrder: 1,
        target: { type: "relativeJoining", joiningRequestId: 0, joiningStart: 0 },
        parameters: {},
      },
      bytes,
      D16,
    );
  });

  it("rejects unknown fetch types and out-of-range orders and priorities", () => {
    // Fetch Type 4, both drafts.
    expectMalformed(hex("16 00 06 00 80 01 04 00 00"), D14, /fetch type/);
    expectMalformed(hex("16 00 04 00 04 00 00"), D16, /fetch type/);
    // Fetch Type 0.
    expectMalformed(hex("16 00 04 00 00 00 00"), D16, /fetch type/);
    // draft-14 Group Order 3.
    expectMalformed(hex("16 00 07 00 80 03 02 00 00 00"), D14, /group order/);
    // draft-16 GROUP_ORDER (0x22) = 0.
    expectMalformed(hex("16 00 07 00 02 00 00 01 22 00"), D16, /GROUP_ORDER/);
    // draft-16 SUBSCRIBER_PRIORITY (0x20) = 300.
    expectMalformed(hex("16 00 08 00 02 00 00 01 20 41 2c"), D16, /SUBSCRIBER_PRIORITY/);
  });

  it("decodes an inverted standalone range (answered with INVALID_RANGE) but never encodes one", () => {
    const bytes = hex(`
      16 00 0b      # FETCH, Length = 11
      00            # Request ID = 0
      01            # Fetch Type = Standalone
      01 01 61      # Track Namespace "a"
      00            # Track Name ""
      05 00         # Start Location = {5, 0}
      04 01         # End Location = {4, 1}: before the start
      00            # Number of Parameters = 0
    `);
    const [msg] = decodeControl(bytes, D16);
    expect(msg).toMatchObject({
      target: { start: { group: 5, object: 0 }, end: { group: 4, object: 1 } },
    });
    expect(() => encodeControl(msg, D16)).toThrow(WireEncodeError);
  });

  it("treats End Location object 0 as the end of the group", () => {
    expect(fetchRangeValid({ group: 5, object: 3 }, { group: 5, object: 0 })).toBe(true);
    expect(fetchRangeValid({ group: 5, object: 3 }, { group: 5, object: 3 })).toBe(true);
    expect(fetchRangeValid({ group: 5, object: 3 }, { group: 5, object: 2 })).toBe(false);
    expect(fetchRangeValid({ group: 5, object: 3 }, { group: 4, object: 9 })).toBe(false);
    expect(fetchRangeValid({ group: 5, object: 3 }, { group: 6, object: 1 })).toBe(true);
  });
});

describe("FETCH_OK (§FETCH_OK)", () => {
  it("draft-14 has a group order and no track extensions", () => {
    const bytes = hex(`
      18 00 09      # Type = FETCH_OK, Length = 9
      02            # Request ID = 2
      01            # Group Order = Ascending
      01            # End Of Track = 1
      05 00         # End Location = {5, 0}
      01            # Number of Parameters = 1
      04 41 f4      # MAX_CACHE_DURATION (0x04) = 500
    `);
    const msg: FetchOk = {
      kind: "fetchOk",
      requestId: 2,
      groupOrder: 1,
      endOfTrack: true,
      endLocation: { group: 5, object: 0 },
      parameters: { maxCacheDurationMs: 500 },
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-16 has no group order and ends with Track Extensions", () => {
    const bytes = hex(`
      18 00 0a      # Type = FETCH_OK, Length = 10
      02            # Request ID = 2
      00            # End Of Track = 0
      07 04         # End Location = {7, 4}
      00            # Number of Parameters = 0
      04 43 e8      # Track Extension: delta 4 -> MAX_CACHE_DURATION (0x04) = 1000
      1e 02         # Track Extension: delta 30 -> DEFAULT_PUBLISHER_GROUP_ORDER (0x22) = 2
    `);
    const msg: FetchOk = {
      kind: "fetchOk",
      requestId: 2,
      endOfTrack: false,
      endLocation: { group: 7, object: 4 },
      parameters: {},
      trackExtensions: [
        { type: 0x04, value: 1000 },
        { type: 0x22, value: 2 },
      ],
    };
    expectVector(msg, bytes, D16);
  });

  it("rejects bad flags, orders and track extension values", () => {
    // End Of Track = 2.
    expectMalformed(hex("18 00 06 02 01 02 05 00 00"), D14, /end of track/);
    expectMalformed(hex("18 00 05 02 02 05 00 00"), D16, /end of track/);
    // draft-14 Group Order 0 is a protocol error in FETCH_OK.
    expectMalformed(hex("18 00 06 02 00 01 05 00 00"), D14, /group order/);
    // draft-16 Track Extension DEFAULT_PUBLISHER_PRIORITY (0x0e) = 256.
    expectMalformed(hex("18 00 08 02 00 05 00 00 0e 41 00"), D16, /DEFAULT_PUBLISHER_PRIORITY/);
    // draft-16 Track Extension DEFAULT_PUBLISHER_GROUP_ORDER (0x22) = 0.
    expectMalformed(hex("18 00 07 02 00 05 00 00 22 00"), D16, /DEFAULT_PUBLISHER_GROUP_ORDER/);
  });

  it("draft-14 needs the group order the draft-16 shape may lack", () => {
    const msg: FetchOk = {
      kind: "fetchOk",
      requestId: 2,
      endOfTrack: false,
      endLocation: { group: 7, object: 4 },
      parameters: {},
    };
    expect(() => encodeControl(msg, D14)).toThrow(WireEncodeError);
  });
});

describe("FETCH_ERROR (draft-14 §FETCH_ERROR) and FETCH_CANCEL (§FETCH_CANCEL)", () => {
  it("FETCH_ERROR carries a code and a reason phrase", () => {
    const bytes = hex(`
      19 00 07      # Type = FETCH_ERROR, Length = 7
      02            # Request ID = 2
      06            # Error Code = NO_OBJECTS
      04 6e 6f 6e 65  # Reason Phrase length 4, "none"
    `);
    const msg: FetchError = { kind: "fetchError", requestId: 2, errorCode: 6, reason: "none" };
    expectVector(msg, bytes, D14);
    expectNotInDraft(msg, D16);
  });

  it("FETCH_CANCEL carries the Request ID in both drafts", () => {
    const bytes = hex(`
      17 00 02      # Type = FETCH_CANCEL, Length = 2
      40 c8         # Request ID = 200
    `);
    const msg: FetchCancel = { kind: "fetchCancel", requestId: 200 };
    expectVector(msg, bytes, D14);
    expectVector(msg, bytes, D16);
  });

  it("a reason phrase over 1024 bytes is a protocol violation", () => {
    // Reason Phrase Length 1025 (0x4401), no bytes needed: the length alone is refused.
    expectMalformed(hex("19 00 04 02 06 44 01"), D14, /reason phrase/);
  });
});

describe("FETCH family round trips (property)", () => {
  itRoundTrips(arbitraries, 300);
});
