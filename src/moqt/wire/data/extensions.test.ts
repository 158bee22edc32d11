import { describe, expect, it } from "vitest";
import { WireDecodeError } from "../errors.ts";
import { hex, utf8 } from "../testing/hex.ts";
import { Version } from "../version.ts";
import {
  bytesExtension,
  ExtensionHeaderType,
  immutableExtensionsPair,
  intExtension,
  objectExtensionsProblem,
  priorGroupIdGap,
  priorObjectIdGap,
  readImmutableExtensions,
  withExtension,
  withoutExtension,
} from "./extensions.ts";
import { ObjectStatus } from "./object-status.ts";
import { SubgroupIdMode } from "./stream-header.ts";
import { decodeSubgroupObject, encodeSubgroupObject } from "./subgroup-object.ts";
import { trackExtensionPairs, trackExtensionValues } from "./track-extensions.ts";

const V14 = Version.DRAFT_14;
const V16 = Version.DRAFT_16;

describe("Immutable Extensions (§Immutable Extensions)", () => {
  const inner = [
    { type: 0x02, value: 5 },
    { type: 0x3e, value: 1 },
  ];

  it("nests a Key-Value-Pair block as the value of type 0x0B, per draft", () => {
    expect(immutableExtensionsPair(inner, V14)).toEqual({
      type: 0x0b,
      value: hex("02 05 3e 01"), // Type 2 = 5 | Type 0x3E = 1 (absolute types)
    });
    expect(immutableExtensionsPair(inner, V16)).toEqual({
      type: 0x0b,
      value: hex("02 05 3c 01"), // Delta 2 -> 2 = 5 | Delta 0x3C -> 0x3E = 1
    });
  });

  it("travels inside an object's extensions byte for byte", () => {
    const header = {
      kind: "subgroup",
      trackAlias: 1,
      groupId: 1,
      subgroupIdMode: SubgroupIdMode.ZERO,
      hasExtensions: true,
      endOfGroup: false,
    } as const;
    const bytes = hex(`
      00                 # Object ID Delta = 0
      08                 # Extension Headers Length = 8
      0b                 #   Type 0x0B Immutable Extensions (delta from 0)
      04 02 05 3c 01     #   Length 4: nested block (Delta 2 = 5, Delta 0x3C = 1)
      01 01              #   Delta 1 -> Type 0x0C (even: varint) = 1
      01 61              # Payload Length 1, "a"
    `);
    const [o, n] = decodeSubgroupObject(bytes, 0, header, undefined, V16);
    expect(n).toBe(bytes.length);
    expect(o.extensions).toEqual([
      { type: 0x0b, value: hex("02 05 3c 01") },
      { type: 0x0c, value: 1 },
    ]);
    expect(readImmutableExtensions(o.extensions, V16)).toEqual(inner);
    expect(encodeSubgroupObject(o, header, undefined, V16)).toEqual(bytes);
  });

  it("refuses nesting on encode and reports unparsable or nested blocks on read", () => {
    expect(() => immutableExtensionsPair([{ type: 0x0b, value: utf8("x") }], V16)).toThrow(
      /Immutable/,
    );
    const broken = [{ type: 0x0b, value: hex("03 05 aa") }]; // odd type 3 with length 5 > 1 byte left
    const e = (() => {
      try {
        readImmutableExtensions(broken, V14);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(WireDecodeError);
    expect((e as WireDecodeError).termination).toBe(0x6); // KEY_VALUE_FORMATTING_ERROR
    const nested = [{ type: 0x0b, value: hex("0b 00") }];
    expect(() => readImmutableExtensions(nested, V14)).toThrow(WireDecodeError);
    expect(readImmutableExtensions(undefined, V14)).toBeUndefined();
    expect(readImmutableExtensions([{ type: 0x3c, value: 1 }], V14)).toBeUndefined();
  });
});

describe("typed extension access", () => {
  const exts = [
    { type: 0x3c, value: 2 },
    { type: 0x3e, value: 1 },
    { type: 0x4d, value: utf8("t") },
  ];

  it("reads gaps, integers and bytes", () => {
    expect(priorGroupIdGap(exts)).toBe(2);
    expect(priorObjectIdGap(exts)).toBe(1);
    expect(priorGroupIdGap(undefined)).toBeUndefined();
    expect(intExtension(exts, 0x4d)).toBeUndefined();
    expect(bytesExtension(exts, 0x4d)).toEqual(utf8("t"));
    expect(bytesExtension(exts, 0x3c)).toBeUndefined();
  });

  it("replaces and removes pairs keeping ascending order", () => {
    expect(withExtension(exts, { type: 0x3e, value: 9 })).toEqual([
      { type: 0x3c, value: 2 },
      { type: 0x3e, value: 9 },
      { type: 0x4d, value: utf8("t") },
    ]);
    expect(withExtension(exts, { type: 0x02, value: 1 })[0]).toEqual({ type: 0x02, value: 1 });
    expect(withExtension(undefined, { type: 0x3c, value: 1 })).toEqual([{ type: 0x3c, value: 1 }]);
    expect(withoutExtension(exts, 0x3c).map((e) => e.type)).toEqual([0x3e, 0x4d]);
  });

  it("reports malformed-Track conditions without throwing", () => {
    expect(objectExtensionsProblem(exts, 5, 5, V16)).toBeUndefined();
    expect(objectExtensionsProblem(exts, 1, 5, V16)).toMatch(/Group ID Gap/);
    expect(objectExtensionsProblem(exts, 5, 0, V16)).toMatch(/Object ID Gap/);
    const twice = [...exts, { type: 0x3e, value: 0 }];
    expect(objectExtensionsProblem(twice, 5, 5, V14)).toMatch(/more than one/);
    const badImmutable = [{ type: 0x0b, value: hex("0b 00") }];
    expect(objectExtensionsProblem(badImmutable, 0, 0, V14)).toMatch(/Immutable/);
    expect(objectExtensionsProblem(undefined, 0, 0, V14)).toBeUndefined();
  });
});

describe("draft-16 Track Extensions (§Extension Headers)", () => {
  it("maps typed values to ascending pairs and back", () => {
    const pairs = trackExtensionPairs(
      {
        deliveryTimeoutMs: 500,
        maxCacheDurationMs: 0,
        defaultPublisherPriority: 3,
        defaultGroupOrder: 2,
        dynamicGroups: true,
      },
      [{ type: 0x41, value: utf8("x") }],
    );
    expect(pairs.map((p) => p.type)).toEqual([0x02, 0x04, 0x0e, 0x22, 0x30, 0x41]);
    expect(trackExtensionValues(pairs)).toEqual({
      deliveryTimeoutMs: 500,
      maxCacheDurationMs: 0,
      defaultPublisherPriority: 3,
      defaultGroupOrder: 2,
      dynamicGroups: true,
    });
  });

  it("finds Track Extensions inside Immutable Extensions too", () => {
    const pairs = [
      immutableExtensionsPair(
        [{ type: ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY, value: 9 }],
        V16,
      ),
    ];
    expect(trackExtensionValues(pairs)).toEqual({ defaultPublisherPriority: 9 });
  });

  it("refuses out-of-range values with PROTOCOL_VIOLATION", () => {
    for (const bad of [
      { type: 0x02, value: 0 }, // DELIVERY_TIMEOUT must be > 0
      { type: 0x0e, value: 256 }, // priority above 255
      { type: 0x22, value: 0 }, // group order neither 1 nor 2
      { type: 0x30, value: 2 }, // DYNAMIC_GROUPS above 1
    ]) {
      try {
        trackExtensionValues([bad], 7);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(WireDecodeError);
        expect((e as WireDecodeError).termination).toBe(0x3);
        expect((e as WireDecodeError).offset).toBe(7);
      }
    }
    expect(() => trackExtensionPairs({ defaultPublisherPriority: 300 })).toThrow(/PRIORITY/);
  });

  it("keeps statuses and extension constants at their spec values", () => {
    expect(ObjectStatus).toEqual({
      NORMAL: 0,
      DOES_NOT_EXIST: 1,
      END_OF_GROUP: 3,
      END_OF_TRACK: 4,
    });
    expect(ExtensionHeaderType).toEqual({
      DELIVERY_TIMEOUT: 0x02,
      MAX_CACHE_DURATION: 0x04,
      IMMUTABLE_EXTENSIONS: 0x0b,
      DEFAULT_PUBLISHER_PRIORITY: 0x0e,
      DEFAULT_PUBLISHER_GROUP_ORDER: 0x22,
      DYNAMIC_GROUPS: 0x30,
      PRIOR_GROUP_ID_GAP: 0x3c,
      PRIOR_OBJECT_ID_GAP: 0x3e,
    });
  });
});
