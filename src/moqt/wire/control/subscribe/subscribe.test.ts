import { describe, expect, it } from "vitest";
import { type ControlMessage, decodeControl, encodeControl } from "../../control.ts";
import { SessionErrorCode } from "../../error-codes.ts";
import { WireEncodeError } from "../../errors.ts";
import { UNFILTERED } from "../../subscription-filter.ts";
import {
  expectDecodes,
  expectEncodes,
  expectMalformed,
  expectNotInDraft,
  expectVector,
} from "../../testing/control-vectors.ts";
import { hex, utf8 } from "../../testing/hex.ts";
import { Version } from "../../version.ts";

const D14 = Version.DRAFT_14;
const D16 = Version.DRAFT_16;

describe("SUBSCRIBE (draft-14 and draft-16 §SUBSCRIBE)", () => {
  it("draft-14: fixed priority, order, forward and an AbsoluteRange filter", () => {
    const bytes = hex(`
      03                # Type = SUBSCRIBE
      00 1c             # Length = 28
      02                # Request ID = 2
      01                # Track Namespace: 1 field
      04 6c 69 76 65    #   length 4, "live"
      03 63 61 6d       # Track Name Length 3, "cam"
      80                # Subscriber Priority = 128
      02                # Group Order = Descending
      01                # Forward = 1
      04                # Filter Type = AbsoluteRange
      05 01             # Start Location = {5, 1}
      09                # End Group = 9
      02                # Number of Parameters
      02 41 f4          # DELIVERY_TIMEOUT (0x02) = 500 (2-byte varint)
      03 04 03 01 61 62 # AUTHORIZATION_TOKEN (0x03), length 4: USE_VALUE, type 1, "ab"
    `);
    expectVector(
      {
        kind: "subscribe",
        requestId: 2,
        trackNamespace: [utf8("live")],
        trackName: utf8("cam"),
        subscriberPriority: 128,
        groupOrder: 2,
        forward: true,
        filter: { type: "absoluteRange", start: { group: 5, object: 1 }, endGroup: 9 },
        parameters: {
          authorizationTokens: [{ aliasType: "useValue", tokenType: 1, value: utf8("ab") }],
          deliveryTimeoutMs: 500,
        },
      },
      bytes,
      D14,
    );
  });

  const minimal14 = (filter: string, length: string) =>
    hex(`
      03 ${length}   # Type = SUBSCRIBE, Length
      00             # Request ID = 0
      01 01 61       # Track Namespace: 1 field, "a"
      00             # Track Name: empty
      00             # Subscriber Priority = 0
      00             # Group Order = publisher's
      00             # Forward = 0
      ${filter}      # Filter Type [Start Location] [End Group]
      00             # Number of Parameters
    `);
  const head14 = {
    kind: "subscribe",
    requestId: 0,
    trackNamespace: [utf8("a")],
    trackName: new Uint8Array(0),
    subscriberPriority: 0,
    groupOrder: 0,
    forward: false,
    parameters: {},
  } as const;

  it("draft-14: Next Group Start, Largest Object and AbsoluteStart filters", () => {
    // Next Group Start (0x1) and Largest Object (0x2) carry no location.
    expectVector({ ...head14, filter: { type: "nextGroupStart" } }, minimal14("01", "00 0a"), D14);
    expectVector({ ...head14, filter: { type: "largestObject" } }, minimal14("02", "00 0a"), D14);
    // AbsoluteStart (0x3) with Start Location {1, 2}, no End Group.
    expectVector(
      { ...head14, filter: { type: "absoluteStart", start: { group: 1, object: 2 } } },
      minimal14("03 01 02", "00 0c"),
      D14,
    );
  });

  it("draft-14: an unfiltered subscription is sent as AbsoluteStart {0, 0}", () => {
    expectEncodes(head14, minimal14("03 00 00", "00 0c"), D14);
  });

  it("draft-16: priority, forward, filter, group order and new group request are parameters", () => {
    const bytes = hex(`
      03                # Type = SUBSCRIBE
      00 1d             # Length = 29
      04                # Request ID = 4
      01 04 6c 69 76 65 # Track Namespace: 1 field, "live"
      03 63 61 6d       # Track Name "cam"
      06                # Number of Parameters
      03 02 02 05       # delta 3 -> AUTHORIZATION_TOKEN, length 2: USE_ALIAS, alias 5
      0d 00             # delta 13 -> FORWARD (0x10) = 0
      10 0a             # delta 16 -> SUBSCRIBER_PRIORITY (0x20) = 10
      01 03 03 07 00    # delta 1 -> SUBSCRIPTION_FILTER (0x21), length 3: AbsoluteStart {7, 0}
      01 01             # delta 1 -> GROUP_ORDER (0x22) = Ascending
      10 00             # delta 16 -> NEW_GROUP_REQUEST (0x32) = 0
    `);
    expectVector(
      {
        kind: "subscribe",
        requestId: 4,
        trackNamespace: [utf8("live")],
        trackName: utf8("cam"),
        subscriberPriority: 10,
        groupOrder: 1,
        forward: false,
        filter: { type: "absoluteStart", start: { group: 7, object: 0 } },
        newGroupRequest: 0,
        parameters: { authorizationTokens: [{ aliasType: "useAlias", alias: 5 }] },
      },
      bytes,
      D16,
    );
  });

  it("RENDEZVOUS_TIMEOUT (0x4352, ClutchCall's own) is a varint of milliseconds in both drafts", () => {
    expectVector(
      { ...head14, filter: { type: "nextGroupStart" }, parameters: { rendezvousTimeoutMs: 5000 } },
      hex(`
        03 00 10          # Type = SUBSCRIBE, Length = 16
        00 01 01 61 00    # Request ID 0, Track Namespace "a", Track Name empty
        00 00 00 01       # Priority 0, Group Order publisher's, Forward 0, Next Group Start
        01                # Number of Parameters
        80 00 43 52 53 88 # RENDEZVOUS_TIMEOUT (0x4352, 4-byte varint) = 5000 (2-byte varint)
      `),
      D14,
    );
    expectDecodes(
      {
        kind: "subscribe",
        requestId: 0,
        trackNamespace: [utf8("a")],
        trackName: new Uint8Array(0),
        subscriberPriority: 128,
        groupOrder: 0,
        forward: true,
        parameters: { rendezvousTimeoutMs: 5000 },
      },
      hex(`
        03 00 0c          # Type = SUBSCRIBE, Length = 12
        00 01 01 61 00    # Request ID 0, Track Namespace "a", Track Name empty
        01                # Number of Parameters
        80 00 43 52 53 88 # delta 0x4352 -> RENDEZVOUS_TIMEOUT = 5000
      `),
      D16,
    );
  });

  it("draft-16: absent parameters take the defaults (priority 128, forward 1, publisher's order, unfiltered)", () => {
    const bare = hex(`
      03 00 06    # Type = SUBSCRIBE, Length = 6
      00          # Request ID = 0
      01 01 61    # Track Namespace "a"
      00          # Track Name: empty
      00          # Number of Parameters = 0
    `);
    const msg = {
      kind: "subscribe",
      requestId: 0,
      trackNamespace: [utf8("a")],
      trackName: new Uint8Array(0),
      subscriberPriority: 128,
      groupOrder: 0,
      forward: true,
      parameters: {},
    } as const;
    expectDecodes(msg, bare, D16);
    // The encoder states priority and forward explicitly; GROUP_ORDER 0 has no wire form.
    expectVector(
      msg,
      hex(`
        03 00 0b    # Type = SUBSCRIBE, Length = 11
        00 01 01 61 00  # Request ID, Track Namespace "a", empty Track Name
        02          # Number of Parameters
        10 01       # delta 16 -> FORWARD (0x10) = 1
        10 40 80    # delta 16 -> SUBSCRIBER_PRIORITY (0x20) = 128 (2-byte varint)
      `),
      D16,
    );
  });

  it("rejects invalid fixed fields in draft-14", () => {
    // Filter Type 5 does not exist.
    expectMalformed(minimal14("05", "00 0a"), D14, /invalid filter type 5/);
    // Forward = 2.
    expectMalformed(hex("03 00 0a 00 01 01 61 00 00 00 02 01 00"), D14, /forward must be 0 or 1/);
    // Group Order = 3.
    expectMalformed(hex("03 00 0a 00 01 01 61 00 00 03 00 01 00"), D14, /invalid group order 3/);
  });

  it("rejects invalid parameters in draft-16", () => {
    // SUBSCRIPTION_FILTER of length 2 holding Next Group Start plus a stray byte.
    expectMalformed(
      hex("03 00 0a 00 01 01 61 00 01 21 02 01 00"),
      D16,
      /SUBSCRIPTION_FILTER value longer/,
    );
    // SUBSCRIPTION_FILTER of length 2 holding AbsoluteStart with half a location.
    expectMalformed(
      hex("03 00 0a 00 01 01 61 00 01 21 02 03 00"),
      D16,
      /SUBSCRIPTION_FILTER value shorter/,
    );
    // SUBSCRIPTION_FILTER with Filter Type 0.
    expectMalformed(hex("03 00 09 00 01 01 61 00 01 21 01 00"), D16, /invalid filter type 0/);
    // SUBSCRIBER_PRIORITY = 256.
    expectMalformed(hex("03 00 09 00 01 01 61 00 01 20 41 00"), D16, /above 255/);
    // GROUP_ORDER = 0 (only 1 and 2 are allowed on the wire).
    expectMalformed(hex("03 00 08 00 01 01 61 00 01 22 00"), D16, /GROUP_ORDER 0/);
    // FORWARD = 2.
    expectMalformed(hex("03 00 08 00 01 01 61 00 01 10 02"), D16, /FORWARD 2/);
  });

  it("decodes an inverted AbsoluteRange (answered with INVALID_RANGE) but will not encode one", () => {
    // AbsoluteRange Start {5, 0}, End Group 4.
    const bytes = minimal14("04 05 00 04", "00 0d");
    const [msg] = decodeControl(bytes, D14);
    expect(msg).toMatchObject({ filter: { type: "absoluteRange", endGroup: 4 } });
    expect(() => encodeControl(msg, D14)).toThrow(WireEncodeError);
  });

  it("draft-16: an inverted AbsoluteRange in SUBSCRIPTION_FILTER decodes too", () => {
    const bytes = hex(`
      03 00 0c      # Type = SUBSCRIBE, Length = 12
      00            # Request ID = 0
      01 01 61      # Track Namespace "a"
      00            # Track Name: empty
      01            # Number of Parameters
      21 04         # delta 33 -> SUBSCRIPTION_FILTER (0x21), length 4:
      04 05 00 04   #   AbsoluteRange, Start {5, 0}, End Group 4
    `);
    const msg = {
      kind: "subscribe",
      requestId: 0,
      trackNamespace: [utf8("a")],
      trackName: new Uint8Array(0),
      subscriberPriority: 128,
      groupOrder: 0,
      forward: true,
      filter: { type: "absoluteRange", start: { group: 5, object: 0 }, endGroup: 4 },
      parameters: {},
    } as const;
    expectDecodes(msg, bytes, D16);
    expect(() => encodeControl(msg, D16)).toThrow(WireEncodeError);
  });

  it("draft-16 refuses to encode a DELIVERY_TIMEOUT of 0; draft-14 carries it", () => {
    const msg = { ...head14, filter: UNFILTERED, parameters: { deliveryTimeoutMs: 0 } } as const;
    expect(() => encodeControl(msg, D16)).toThrow(/DELIVERY_TIMEOUT/);
    expectVector(
      msg,
      hex(`
        03 00 0e      # Type = SUBSCRIBE, Length = 14
        00 01 01 61 00  # Request ID 0, Track Namespace "a", empty Track Name
        00 00 00      # Subscriber Priority 0, Group Order 0, Forward 0
        03 00 00      # AbsoluteStart {0, 0}
        01            # Number of Parameters
        02 00         # DELIVERY_TIMEOUT (0x02) = 0
      `),
      D14,
    );
  });
});

describe("SUBSCRIBE_OK (§SUBSCRIBE_OK)", () => {
  it("draft-14: Expires, Group Order, Content Exists and Largest Location are fixed fields", () => {
    const bytes = hex(`
      04                # Type = SUBSCRIBE_OK
      00 0e             # Length = 14
      02                # Request ID = 2
      07                # Track Alias = 7
      43 e8             # Expires = 1000 ms
      01                # Group Order = Ascending
      01                # Content Exists = 1
      0c 03             # Largest Location = {12, 3}
      01                # Number of Parameters
      04 80 00 ea 60    # MAX_CACHE_DURATION (0x04) = 60000 (4-byte varint)
    `);
    expectVector(
      {
        kind: "subscribeOk",
        requestId: 2,
        trackAlias: 7,
        expiresMs: 1000,
        groupOrder: 1,
        largestLocation: { group: 12, object: 3 },
        parameters: { maxCacheDurationMs: 60000 },
      },
      bytes,
      D14,
    );
  });

  it("draft-14: Content Exists = 0 leaves out the Largest Location", () => {
    const bytes = hex(`
      04 00 06    # Type = SUBSCRIBE_OK, Length = 6
      00          # Request ID = 0
      00          # Track Alias = 0
      00          # Expires = 0 (no expiry)
      02          # Group Order = Descending
      00          # Content Exists = 0
      00          # Number of Parameters
    `);
    expectVector(
      {
        kind: "subscribeOk",
        requestId: 0,
        trackAlias: 0,
        expiresMs: 0,
        groupOrder: 2,
        parameters: {},
      },
      bytes,
      D14,
    );
  });

  it("draft-16: EXPIRES and LARGEST_OBJECT parameters, then Track Extensions to the end", () => {
    const bytes = hex(`
      04                # Type = SUBSCRIBE_OK
      00 12             # Length = 18
      02                # Request ID = 2
      07                # Track Alias = 7
      02                # Number of Parameters
      08 43 e8          # delta 8 -> EXPIRES (0x08) = 1000
      01 02 0c 03       # delta 1 -> LARGEST_OBJECT (0x09), length 2: {12, 3}
      0b 02 02 05       # Track Extension delta 11 -> IMMUTABLE_EXTENSIONS (0x0b), length 2
      03 03             # delta 3 -> DEFAULT_PUBLISHER_PRIORITY (0x0e) = 3
      22 01             # delta 34 -> DYNAMIC_GROUPS (0x30) = 1
    `);
    expectVector(
      {
        kind: "subscribeOk",
        requestId: 2,
        trackAlias: 7,
        expiresMs: 1000,
        largestLocation: { group: 12, object: 3 },
        parameters: {},
        trackExtensions: [
          { type: 0x0b, value: hex("02 05") },
          { type: 0x0e, value: 3 },
          { type: 0x30, value: 1 },
        ],
      },
      bytes,
      D16,
    );
  });

  it("draft-16: no parameters and no extensions mean no expiry and no content yet", () => {
    const bytes = hex("04 00 03 01 02 00"); // Request ID 1, Track Alias 2, 0 parameters
    expectVector(
      { kind: "subscribeOk", requestId: 1, trackAlias: 2, expiresMs: 0, parameters: {} },
      bytes,
      D16,
    );
  });

  it("rejects invalid fields", () => {
    // draft-14 Group Order 0 is a protocol error in SUBSCRIBE_OK.
    expectMalformed(hex("04 00 06 00 00 00 00 00 00"), D14, /invalid group order 0/);
    // draft-14 Content Exists = 2.
    expectMalformed(hex("04 00 06 00 00 00 01 02 00"), D14, /content exists must be 0 or 1/);
    // draft-16 LARGEST_OBJECT holding 3 bytes for a 2-byte Location.
    expectMalformed(
      hex("04 00 08 00 00 01 09 03 0c 03 00"),
      D16,
      /LARGEST_OBJECT value longer/,
      SessionErrorCode.KEY_VALUE_FORMATTING_ERROR,
    );
    // draft-16 DYNAMIC_GROUPS track extension = 2.
    expectMalformed(hex("04 00 05 00 00 00 30 02"), D16, /DYNAMIC_GROUPS 2/);
    // draft-16 DELIVERY_TIMEOUT track extension = 0.
    expectMalformed(hex("04 00 05 00 00 00 02 00"), D16, /greater than 0/);
  });

  it("draft-14 needs a Group Order of 1 or 2 to encode", () => {
    const msg = { kind: "subscribeOk", requestId: 0, trackAlias: 0, expiresMs: 0, parameters: {} };
    expect(() => encodeControl(msg as ControlMessage, D14)).toThrow(/Group Order 1 or 2/);
  });
});

describe("SUBSCRIBE_ERROR (draft-14 §SUBSCRIBE_ERROR)", () => {
  it("carries a code and a reason phrase", () => {
    const bytes = hex(`
      05          # Type = SUBSCRIBE_ERROR
      00 06       # Length = 6
      02          # Request ID = 2
      05          # Error Code = INVALID_RANGE
      03 62 61 64 # Error Reason: length 3, "bad"
    `);
    expectVector({ kind: "subscribeError", requestId: 2, errorCode: 5, reason: "bad" }, bytes, D14);
  });

  it("rejects a reason phrase over 1024 bytes and does not exist in draft-16", () => {
    // Reason Phrase Length = 1025 (2-byte varint 44 01).
    expectMalformed(hex("05 00 04 02 05 44 01"), D14, /exceeds maximum 1024/);
    expectNotInDraft({ kind: "subscribeError", requestId: 2, errorCode: 5, reason: "" }, D16);
  });
});

describe("SUBSCRIBE_UPDATE / REQUEST_UPDATE (draft-14 §SUBSCRIBE_UPDATE, draft-16 §REQUEST_UPDATE)", () => {
  it("draft-14: Start Location, End Group plus 1, priority and forward are fixed fields", () => {
    const bytes = hex(`
      02          # Type = SUBSCRIBE_UPDATE
      00 0b       # Length = 11
      06          # Request ID = 6
      02          # Subscription Request ID = 2
      05 00       # Start Location = {5, 0}
      0a          # End Group = 9, plus 1
      03          # Subscriber Priority = 3
      01          # Forward = 1
      01          # Number of Parameters
      02 40 c8    # DELIVERY_TIMEOUT (0x02) = 200
    `);
    expectVector(
      {
        kind: "requestUpdate",
        requestId: 6,
        existingRequestId: 2,
        filter: { type: "absoluteRange", start: { group: 5, object: 0 }, endGroup: 9 },
        subscriberPriority: 3,
        forward: true,
        parameters: { deliveryTimeoutMs: 200 },
      },
      bytes,
      D14,
    );
  });

  it("draft-14: End Group 0 is open-ended (an AbsoluteStart window)", () => {
    const bytes = hex(`
      02 00 08    # Type = SUBSCRIBE_UPDATE, Length = 8
      06 02       # Request ID = 6, Subscription Request ID = 2
      05 00       # Start Location = {5, 0}
      00          # End Group = 0: open-ended
      80          # Subscriber Priority = 128
      00          # Forward = 0
      00          # Number of Parameters
    `);
    expectVector(
      {
        kind: "requestUpdate",
        requestId: 6,
        existingRequestId: 2,
        filter: { type: "absoluteStart", start: { group: 5, object: 0 } },
        subscriberPriority: 128,
        forward: false,
        parameters: {},
      },
      bytes,
      D14,
    );
  });

  it("draft-16: only the parameters that change", () => {
    const bytes = hex(`
      02                # Type = REQUEST_UPDATE
      00 0d             # Length = 13
      06                # Request ID = 6
      02                # Existing Request ID = 2
      03                # Number of Parameters
      10 01             # delta 16 -> FORWARD (0x10) = 1
      11 04 04 05 00 09 # delta 17 -> SUBSCRIPTION_FILTER (0x21), length 4: AbsoluteRange {5, 0}..9
      11 08             # delta 17 -> NEW_GROUP_REQUEST (0x32) = 8
    `);
    expectVector(
      {
        kind: "requestUpdate",
        requestId: 6,
        existingRequestId: 2,
        filter: { type: "absoluteRange", start: { group: 5, object: 0 }, endGroup: 9 },
        forward: true,
        newGroupRequest: 8,
        parameters: {},
      },
      bytes,
      D16,
    );
    expectVector(
      { kind: "requestUpdate", requestId: 6, existingRequestId: 2, parameters: {} },
      hex("02 00 03 06 02 00"), // no parameters: nothing changes
      D16,
    );
  });

  it("rejects an End Group before the Start group, and invalid flags", () => {
    // draft-14: Start {5, 0}, End Group 4 (wire 5).
    expectMalformed(hex("02 00 08 06 02 05 00 05 80 00 00"), D14, /End Group 4 is before/);
    // draft-14: Forward = 2.
    expectMalformed(hex("02 00 08 06 02 05 00 00 80 02 00"), D14, /forward must be 0 or 1/);
    // draft-16: SUBSCRIPTION_FILTER AbsoluteRange {5, 0}..4.
    expectMalformed(hex("02 00 09 06 02 01 21 04 04 05 00 04"), D16, /End Group 4 is before/);
  });

  it("draft-14 needs a whole AbsoluteStart or AbsoluteRange window to encode", () => {
    const base = {
      kind: "requestUpdate",
      requestId: 6,
      existingRequestId: 2,
      parameters: {},
    } as const;
    const partial = { ...base, subscriberPriority: 1, forward: true } as const;
    expect(() => encodeControl(partial, D14)).toThrow(WireEncodeError);
    const relative = { ...partial, filter: { type: "largestObject" } } as const;
    expect(() => encodeControl(relative, D14)).toThrow(/cannot carry a largestObject filter/);
  });
});

describe("UNSUBSCRIBE (§UNSUBSCRIBE)", () => {
  it("carries the subscription's Request ID in both drafts", () => {
    const bytes = hex(`
      0a      # Type = UNSUBSCRIBE
      00 01   # Length = 1
      03      # Request ID = 3
    `);
    expectVector({ kind: "unsubscribe", requestId: 3 }, bytes, D14);
    expectVector({ kind: "unsubscribe", requestId: 3 }, bytes, D16);
  });
});

describe("PUBLISH_DONE (§PUBLISH_DONE)", () => {
  it("draft-14: status, stream count and reason", () => {
    const bytes = hex(`
      0b        # Type = PUBLISH_DONE
      00 04     # Length = 4
      02        # Request ID = 2
      03        # Status Code = SUBSCRIPTION_ENDED
      04        # Stream Count = 4
      00        # Error Reason: empty
    `);
    expectVector(
      { kind: "publishDone", requestId: 2, statusCode: 3, streamCount: 4, reason: "" },
      bytes,
      D14,
    );
  });

  it("draft-16: a Stream Count of 2^62-1 means the publisher could not count", () => {
    const bytes = hex(`
      0b                         # Type = PUBLISH_DONE
      00 0c                      # Length = 12
      02                         # Request ID = 2
      12                         # Status Code = MALFORMED_TRACK (draft-16)
      ff ff ff ff ff ff ff ff    # Stream Count = 2^62-1 (8-byte varint)
      01 78                      # Error Reason: "x"
    `);
    expectVector({ kind: "publishDone", requestId: 2, statusCode: 0x12, reason: "x" }, bytes, D16);
  });

  it("rejects a reason phrase that is not UTF-8", () => {
    expectMalformed(hex("0b 00 05 02 03 04 01 ff"), D14, /invalid UTF-8/);
  });
});
