import { describe, expect, it } from "vitest";
import { type ControlMessage, decodeControl, encodeControl } from "../../control.ts";
import { WireEncodeError } from "../../errors.ts";
import {
  expectFramingError,
  expectMalformed,
  expectNotInDraft,
  expectVector,
} from "../../testing/control-vectors.ts";
import { hex, utf8 } from "../../testing/hex.ts";
import { Version } from "../../version.ts";

const D14 = Version.DRAFT_14;
const D16 = Version.DRAFT_16;

describe("PUBLISH_NAMESPACE (§PUBLISH_NAMESPACE)", () => {
  it("draft-14: Request ID, namespace tuple, absolute-typed parameters", () => {
    const bytes = hex(`
      06                # Type = PUBLISH_NAMESPACE
      00 14             # Length = 20
      02                # Request ID = 2
      02                # Track Namespace: 2 fields
      03 6d 6f 71       #   length 3, "moq"
      04 72 6f 6f 6d    #   length 4, "room"
      02                # Number of Parameters = 2
      03 04             # AUTHORIZATION TOKEN (0x03, odd), length 4:
      03 01 61 62       #   Alias Type USE_VALUE, Token Type 1, Token Value "ab"
      2a 07             # unknown parameter 0x2a (even) = 7, kept
    `);
    const msg: ControlMessage = {
      kind: "publishNamespace",
      requestId: 2,
      trackNamespace: [utf8("moq"), utf8("room")],
      parameters: {
        authorizationTokens: [{ aliasType: "useValue", tokenType: 1, value: utf8("ab") }],
        unknown: [{ type: 0x2a, value: 7 }],
      },
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-16: same layout, delta-encoded parameter types", () => {
    const bytes = hex(`
      06                # Type = PUBLISH_NAMESPACE
      00 0d             # Length = 13
      01                # Request ID = 1
      01                # Track Namespace: 1 field
      02 6c 69          #   length 2, "li"
      02                # Number of Parameters = 2
      02 53 88          # delta 2 -> DELIVERY TIMEOUT (0x02) = 5000 (2-byte varint)
      01 02 02 07       # delta 1 -> AUTHORIZATION TOKEN (0x03), length 2: USE_ALIAS, alias 7
    `);
    const msg: ControlMessage = {
      kind: "publishNamespace",
      requestId: 1,
      trackNamespace: [utf8("li")],
      parameters: {
        authorizationTokens: [{ aliasType: "useAlias", alias: 7 }],
        deliveryTimeoutMs: 5000,
      },
    };
    expectVector(msg, bytes, D16);
  });

  it("rejects an empty namespace, an empty field and an unknown draft-16 parameter", () => {
    // Request ID 0, 0 fields, 0 parameters.
    expectMalformed(hex("06 00 03 00 00 00"), D14, /has 0 fields/);
    // Request ID 0, 1 field of length 0.
    expectMalformed(hex("06 00 04 00 01 00 00"), D16, /empty track namespace field/);
    // Request ID 0, field "a", 1 parameter: delta 5 -> type 0x05 (not defined in draft-16).
    expectMalformed(hex("06 00 07 00 01 01 61 01 05 00"), D16, /unknown message parameter/);
  });
});

describe("PUBLISH_NAMESPACE_OK / PUBLISH_NAMESPACE_ERROR (draft-14 only)", () => {
  it("PUBLISH_NAMESPACE_OK carries the Request ID", () => {
    const bytes = hex(`
      07        # Type = PUBLISH_NAMESPACE_OK
      00 01     # Length = 1
      02        # Request ID = 2
    `);
    expectVector({ kind: "publishNamespaceOk", requestId: 2 }, bytes, D14);
  });

  it("PUBLISH_NAMESPACE_ERROR carries code and reason", () => {
    const bytes = hex(`
      08              # Type = PUBLISH_NAMESPACE_ERROR
      00 07           # Length = 7
      02              # Request ID = 2
      01              # Error Code = UNAUTHORIZED
      04 6e 6f 70 65  # Error Reason: length 4, "nope"
    `);
    const msg: ControlMessage = {
      kind: "publishNamespaceError",
      requestId: 2,
      errorCode: 0x1,
      reason: "nope",
    };
    expectVector(msg, bytes, D14);
  });

  it("rejects a reason that is not UTF-8 and refuses draft-16", () => {
    // Request ID 2, code 1, reason of length 1 holding 0xff.
    expectMalformed(hex("08 00 04 02 01 01 ff"), D14, /invalid UTF-8/);
    expectNotInDraft({ kind: "publishNamespaceOk", requestId: 2 }, D16);
  });
});

describe("PUBLISH_NAMESPACE_DONE (§PUBLISH_NAMESPACE_DONE)", () => {
  it("draft-14 names the namespace", () => {
    const bytes = hex(`
      09            # Type = PUBLISH_NAMESPACE_DONE
      00 05         # Length = 5
      01            # Track Namespace: 1 field
      03 6d 6f 71   #   length 3, "moq"
    `);
    expectVector({ kind: "publishNamespaceDone", trackNamespace: [utf8("moq")] }, bytes, D14);
  });

  it("draft-16 names the Request ID of the PUBLISH_NAMESPACE", () => {
    const bytes = hex(`
      09        # Type = PUBLISH_NAMESPACE_DONE
      00 01     # Length = 1
      04        # Request ID = 4
    `);
    expectVector({ kind: "publishNamespaceDone", requestId: 4 }, bytes, D16);
  });

  it("rejects more than 32 fields, and the other draft's identifier on encode", () => {
    // Track Namespace with 33 fields.
    expectMalformed(hex("09 00 01 21"), D14, /has 33 fields/);
    expect(() =>
      encodeControl({ kind: "publishNamespaceDone", trackNamespace: [utf8("moq")] }, D16),
    ).toThrow(WireEncodeError);
    expect(() => encodeControl({ kind: "publishNamespaceDone", requestId: 4 }, D14)).toThrow(
      /draft-14 needs trackNamespace/,
    );
  });
});

describe("PUBLISH_NAMESPACE_CANCEL (§PUBLISH_NAMESPACE_CANCEL)", () => {
  it("draft-14: namespace, code, reason", () => {
    const bytes = hex(`
      0c            # Type = PUBLISH_NAMESPACE_CANCEL
      00 07         # Length = 7
      01            # Track Namespace: 1 field
      03 6d 6f 71   #   length 3, "moq"
      04            # Error Code = UNINTERESTED (0x4)
      00            # Error Reason: empty
    `);
    const msg: ControlMessage = {
      kind: "publishNamespaceCancel",
      trackNamespace: [utf8("moq")],
      errorCode: 0x4,
      reason: "",
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-16: Request ID, code, reason", () => {
    const bytes = hex(`
      0c                        # Type = PUBLISH_NAMESPACE_CANCEL
      00 0a                     # Length = 10
      06                        # Request ID = 6
      05                        # Error Code = EXPIRED_AUTH_TOKEN (0x5)
      07 65 78 70 69 72 65 64   # Error Reason: length 7, "expired"
    `);
    const msg: ControlMessage = {
      kind: "publishNamespaceCancel",
      requestId: 6,
      errorCode: 0x5,
      reason: "expired",
    };
    expectVector(msg, bytes, D16);
  });

  it("rejects a reason longer than 1024 bytes", () => {
    // Request ID 6, code 5, reason length 1025 (2-byte varint 0x4401).
    expectMalformed(hex("0c 00 04 06 05 44 01"), D16, /exceeds maximum 1024/);
    const long = {
      kind: "publishNamespaceCancel",
      requestId: 6,
      errorCode: 0,
      reason: "x".repeat(1025),
    } as const;
    expect(() => encodeControl(long, D16)).toThrow(WireEncodeError);
  });
});

describe("SUBSCRIBE_NAMESPACE (§SUBSCRIBE_NAMESPACE)", () => {
  it("draft-14: Request ID, prefix, parameters", () => {
    const bytes = hex(`
      11            # Type = SUBSCRIBE_NAMESPACE
      00 07         # Length = 7
      0a            # Request ID = 10
      01            # Track Namespace Prefix: 1 field
      03 6d 6f 71   #   length 3, "moq"
      00            # Number of Parameters = 0
    `);
    const msg: ControlMessage = {
      kind: "subscribeNamespace",
      requestId: 10,
      trackNamespacePrefix: [utf8("moq")],
      parameters: {},
    };
    expectVector(msg, bytes, D14);
  });

  it("draft-16: empty prefix, Subscribe Options, FORWARD parameter", () => {
    const bytes = hex(`
      11            # Type = SUBSCRIBE_NAMESPACE
      00 0a         # Length = 10
      0b            # Request ID = 11
      00            # Track Namespace Prefix: 0 fields (allowed in draft-16)
      01            # Subscribe Options = NAMESPACE
      02            # Number of Parameters = 2
      03 02 02 09   # delta 3 -> AUTHORIZATION TOKEN (0x03), length 2: USE_ALIAS, alias 9
      0d 00         # delta 13 -> FORWARD (0x10) = 0
    `);
    const msg: ControlMessage = {
      kind: "subscribeNamespace",
      requestId: 11,
      trackNamespacePrefix: [],
      subscribeOptions: 0x1,
      forward: false,
      parameters: { authorizationTokens: [{ aliasType: "useAlias", alias: 9 }] },
    };
    expectVector(msg, bytes, D16);
  });

  it("rejects an empty draft-14 prefix, bad Subscribe Options and a bad FORWARD", () => {
    // Request ID 10, 0 prefix fields, 0 parameters.
    expectMalformed(hex("11 00 03 0a 00 00"), D14, /has 0 fields/);
    // Request ID 11, 0 prefix fields, Subscribe Options 3, 0 parameters.
    expectMalformed(hex("11 00 04 0b 00 03 00"), D16, /invalid subscribe options 3/);
    // Request ID 11, 0 prefix fields, options 2, 1 parameter: delta 0x10 -> FORWARD = 2.
    expectMalformed(hex("11 00 06 0b 00 02 01 10 02"), D16, /FORWARD must be 0 or 1/);
    // Two FORWARD parameters (second has delta 0).
    expectMalformed(hex("11 00 08 0b 00 02 02 10 01 00 01"), D16, /duplicate parameter/);
  });

  it("needs Subscribe Options in draft-16 and refuses draft-16 fields in draft-14", () => {
    const base = {
      kind: "subscribeNamespace",
      requestId: 1,
      trackNamespacePrefix: [utf8("a")],
      parameters: {},
    } as const;
    expect(() => encodeControl(base, D16)).toThrow(/needs subscribeOptions/);
    expect(() => encodeControl({ ...base, forward: true }, D14)).toThrow(WireEncodeError);
    expect(() => encodeControl({ ...base, subscribeOptions: 2 }, D14)).toThrow(WireEncodeError);
    expect(() => encodeControl({ ...base, trackNamespacePrefix: [] }, D14)).toThrow(
      WireEncodeError,
    );
  });
});

describe("SUBSCRIBE_NAMESPACE_OK / _ERROR, UNSUBSCRIBE_NAMESPACE (draft-14 only)", () => {
  it("SUBSCRIBE_NAMESPACE_OK carries the Request ID", () => {
    const bytes = hex(`
      12        # Type = SUBSCRIBE_NAMESPACE_OK
      00 01     # Length = 1
      0a        # Request ID = 10
    `);
    expectVector({ kind: "subscribeNamespaceOk", requestId: 10 }, bytes, D14);
  });

  it("SUBSCRIBE_NAMESPACE_ERROR carries code and reason", () => {
    const bytes = hex(`
      13                        # Type = SUBSCRIBE_NAMESPACE_ERROR
      00 0a                     # Length = 10
      0a                        # Request ID = 10
      05                        # Error Code = NAMESPACE_PREFIX_OVERLAP
      07 6f 76 65 72 6c 61 70   # Error Reason: length 7, "overlap"
    `);
    const msg: ControlMessage = {
      kind: "subscribeNamespaceError",
      requestId: 10,
      errorCode: 0x5,
      reason: "overlap",
    };
    expectVector(msg, bytes, D14);
    // Reason length 8 but only 7 bytes in the payload: malformed, not truncated.
    expectFramingError(hex("13 00 0a 0a 05 08 6f 76 65 72 6c 61 70"), D14, /shorter than/);
  });

  it("UNSUBSCRIBE_NAMESPACE carries the prefix (at least one field)", () => {
    const bytes = hex(`
      14            # Type = UNSUBSCRIBE_NAMESPACE
      00 08         # Length = 8
      02            # Track Namespace Prefix: 2 fields
      03 6d 6f 71   #   length 3, "moq"
      02 76 31      #   length 2, "v1"
    `);
    const msg: ControlMessage = {
      kind: "unsubscribeNamespace",
      trackNamespacePrefix: [utf8("moq"), utf8("v1")],
    };
    expectVector(msg, bytes, D14);
    expectMalformed(hex("14 00 01 00"), D14, /has 0 fields/);
    expect(() => decodeControl(hex("14 00 01 00"), D16)).toThrow(/unknown control message/);
  });
});

describe("NAMESPACE / NAMESPACE_DONE (draft-16 only)", () => {
  it("NAMESPACE carries the suffix after the subscribed prefix", () => {
    const bytes = hex(`
      08                  # Type = NAMESPACE
      00 07               # Length = 7
      01                  # Track Namespace Suffix: 1 field
      05 61 6c 69 63 65   #   length 5, "alice"
    `);
    expectVector({ kind: "namespace", trackNamespaceSuffix: [utf8("alice")] }, bytes, D16);
  });

  it("NAMESPACE_DONE may carry an empty suffix (namespace equal to the prefix)", () => {
    const bytes = hex(`
      0e        # Type = NAMESPACE_DONE
      00 01     # Length = 1
      00        # Track Namespace Suffix: 0 fields
    `);
    expectVector({ kind: "namespaceDone", trackNamespaceSuffix: [] }, bytes, D16);
  });

  it("rejects an empty suffix field and does not exist in draft-14", () => {
    // 1 field of length 0.
    expectMalformed(hex("08 00 02 01 00"), D16, /empty track namespace field/);
    expectNotInDraft({ kind: "namespace", trackNamespaceSuffix: [] }, D14);
  });
});
