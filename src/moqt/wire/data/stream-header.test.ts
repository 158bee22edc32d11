import { describe, expect, it } from "vitest";
import { WireDecodeError } from "../errors.ts";
import { hex, toHex } from "../testing/hex.ts";
import { Version } from "../version.ts";
import {
  decodeStreamHeader,
  encodeFetchHeader,
  encodeStreamHeader,
  encodeSubgroupHeader,
  type SubgroupHeader,
  SubgroupIdMode,
  subgroupIdOf,
} from "./stream-header.ts";

const { ZERO, FIRST_OBJECT_ID, EXPLICIT } = SubgroupIdMode;

function sg(
  subgroupIdMode: SubgroupIdMode,
  hasExtensions: boolean,
  endOfGroup: boolean,
  publisherPriority: number | undefined,
): SubgroupHeader {
  return {
    kind: "subgroup",
    trackAlias: 2,
    groupId: 261,
    subgroupIdMode,
    ...(subgroupIdMode === EXPLICIT ? { subgroupId: 7 } : {}),
    ...(publisherPriority === undefined ? {} : { publisherPriority }),
    hasExtensions,
    endOfGroup,
  };
}

// Every row: Type | Track Alias 2 | Group ID 261 (2-byte varint 41 05) | [Subgroup ID 7] | [Priority].
// draft-14 §"Subgroup Header" table: 12 types, Publisher Priority always present.
const D14_AND_D16_TYPES: [string, SubgroupHeader][] = [
  ["10 02 41 05 80", sg(ZERO, false, false, 0x80)], // 0x10: ID 0, no ext, no EOG | prio 128
  ["11 02 41 05 80", sg(ZERO, true, false, 0x80)], // 0x11: ID 0, ext | prio 128
  ["12 02 41 05 80", sg(FIRST_OBJECT_ID, false, false, 0x80)], // 0x12: first Object ID | prio
  ["13 02 41 05 80", sg(FIRST_OBJECT_ID, true, false, 0x80)], // 0x13: first Object ID, ext | prio
  ["14 02 41 05 07 80", sg(EXPLICIT, false, false, 0x80)], // 0x14: field present = 7 | prio
  ["15 02 41 05 07 80", sg(EXPLICIT, true, false, 0x80)], // 0x15: field present = 7, ext | prio
  ["18 02 41 05 00", sg(ZERO, false, true, 0)], // 0x18: ID 0, EOG | prio 0
  ["19 02 41 05 00", sg(ZERO, true, true, 0)], // 0x19: ID 0, ext, EOG | prio 0
  ["1a 02 41 05 ff", sg(FIRST_OBJECT_ID, false, true, 255)], // 0x1A: first Object ID, EOG | 255
  ["1b 02 41 05 ff", sg(FIRST_OBJECT_ID, true, true, 255)], // 0x1B: first ID, ext, EOG | 255
  ["1c 02 41 05 07 01", sg(EXPLICIT, false, true, 1)], // 0x1C: field = 7, EOG | prio 1
  ["1d 02 41 05 07 01", sg(EXPLICIT, true, true, 1)], // 0x1D: field = 7, ext, EOG | prio 1
];

// draft-16 §"Subgroup Header": DEFAULT_PRIORITY (0x20) set, no Publisher Priority byte.
const D16_DEFAULT_PRIORITY_TYPES: [string, SubgroupHeader][] = [
  ["30 02 41 05", sg(ZERO, false, false, undefined)], // 0x30: ID 0
  ["31 02 41 05", sg(ZERO, true, false, undefined)], // 0x31: ID 0, ext
  ["32 02 41 05", sg(FIRST_OBJECT_ID, false, false, undefined)], // 0x32: first Object ID
  ["33 02 41 05", sg(FIRST_OBJECT_ID, true, false, undefined)], // 0x33: first Object ID, ext
  ["34 02 41 05 07", sg(EXPLICIT, false, false, undefined)], // 0x34: field = 7
  ["35 02 41 05 07", sg(EXPLICIT, true, false, undefined)], // 0x35: field = 7, ext
  ["38 02 41 05", sg(ZERO, false, true, undefined)], // 0x38: ID 0, EOG
  ["39 02 41 05", sg(ZERO, true, true, undefined)], // 0x39: ID 0, ext, EOG
  ["3a 02 41 05", sg(FIRST_OBJECT_ID, false, true, undefined)], // 0x3A: first ID, EOG
  ["3b 02 41 05", sg(FIRST_OBJECT_ID, true, true, undefined)], // 0x3B: first ID, ext, EOG
  ["3c 02 41 05 07", sg(EXPLICIT, false, true, undefined)], // 0x3C: field = 7, EOG
  ["3d 02 41 05 07", sg(EXPLICIT, true, true, undefined)], // 0x3D: field = 7, ext, EOG
];

function expectRoundTrip(bytesHex: string, h: SubgroupHeader, v: Version): void {
  const bytes = hex(bytesHex);
  expect(toHex(encodeSubgroupHeader(h, v))).toBe(toHex(bytes));
  expect(decodeStreamHeader(bytes, v)).toEqual([h, bytes.length]);
}

function decodeError(bytes: Uint8Array, v: Version): WireDecodeError {
  try {
    decodeStreamHeader(bytes, v);
  } catch (e) {
    if (e instanceof WireDecodeError) return e;
    throw e;
  }
  throw new Error("decoded without error");
}

describe("SUBGROUP_HEADER types (§Subgroup Header)", () => {
  it("draft-14: all 12 types", () => {
    for (const [bytes, h] of D14_AND_D16_TYPES) expectRoundTrip(bytes, h, Version.DRAFT_14);
  });

  it("draft-16: the same 12 types with a priority byte, and 12 with DEFAULT_PRIORITY", () => {
    for (const [bytes, h] of D14_AND_D16_TYPES) expectRoundTrip(bytes, h, Version.DRAFT_16);
    for (const [bytes, h] of D16_DEFAULT_PRIORITY_TYPES) {
      expectRoundTrip(bytes, h, Version.DRAFT_16);
    }
  });

  it("decodes the spec example header (type 0x14, explicit Subgroup ID 0)", () => {
    const bytes = hex(`
      14  # Type 0x14: Subgroup ID field present, no extensions
      02  # Track Alias = 2
      00  # Group ID = 0
      00  # Subgroup ID = 0
      00  # Publisher Priority = 0
    `);
    const h: SubgroupHeader = {
      kind: "subgroup",
      trackAlias: 2,
      groupId: 0,
      subgroupIdMode: EXPLICIT,
      subgroupId: 0,
      publisherPriority: 0,
      hasExtensions: false,
      endOfGroup: false,
    };
    for (const v of [Version.DRAFT_14, Version.DRAFT_16]) {
      expect(decodeStreamHeader(bytes, v)).toEqual([h, 5]);
      // An explicit 0 stays explicit; an implied 0 would be type 0x10.
      expect(toHex(encodeSubgroupHeader(h, v))).toBe(toHex(bytes));
    }
  });

  it("reads 8-byte varints and decodes from an offset", () => {
    const bytes = hex(`
      ff ff       # bytes before the header
      1c          # Type 0x1C: Subgroup ID present, end of group
      c0 00 00 00 00 01 00 00  # Track Alias = 65536 (8-byte varint)
      80 01 00 00 # Group ID = 65536 (4-byte varint)
      3f          # Subgroup ID = 63
      40          # Publisher Priority = 64
    `);
    const h: SubgroupHeader = {
      kind: "subgroup",
      trackAlias: 65536,
      groupId: 65536,
      subgroupIdMode: EXPLICIT,
      subgroupId: 63,
      publisherPriority: 64,
      hasExtensions: false,
      endOfGroup: true,
    };
    expect(decodeStreamHeader(bytes, Version.DRAFT_14, 2)).toEqual([h, 15]);
  });

  it("derives the Subgroup ID from the mode", () => {
    expect(subgroupIdOf(sg(ZERO, false, false, 1), 9)).toBe(0);
    expect(subgroupIdOf(sg(FIRST_OBJECT_ID, false, false, 1), 9)).toBe(9);
    expect(subgroupIdOf(sg(EXPLICIT, false, false, 1), 9)).toBe(7);
  });

  it("refuses headers it cannot encode", () => {
    const noPrio = sg(ZERO, false, false, undefined);
    expect(() => encodeSubgroupHeader(noPrio, Version.DRAFT_14)).toThrow(/priority/);
    const missingId: SubgroupHeader = { ...sg(ZERO, false, false, 1), subgroupIdMode: EXPLICIT };
    expect(() => encodeSubgroupHeader(missingId, Version.DRAFT_16)).toThrow(/EXPLICIT/);
    const strayId: SubgroupHeader = { ...sg(ZERO, false, false, 1), subgroupId: 3 };
    expect(() => encodeSubgroupHeader(strayId, Version.DRAFT_16)).toThrow(/EXPLICIT/);
    const badPrio = sg(ZERO, false, false, 256);
    expect(() => encodeSubgroupHeader(badPrio, Version.DRAFT_16)).toThrow(/0\.\.255/);
  });
});

describe("FETCH_HEADER (§Fetch Header)", () => {
  it("is type 0x05 then the Request ID, in both drafts", () => {
    const bytes = hex(`
      05     # Type = FETCH_HEADER
      44 d2  # Request ID = 1234 (2-byte varint)
    `);
    for (const v of [Version.DRAFT_14, Version.DRAFT_16]) {
      expect(decodeStreamHeader(bytes, v)).toEqual([{ kind: "fetch", requestId: 1234 }, 3]);
      expect(encodeFetchHeader({ kind: "fetch", requestId: 1234 }, v)).toEqual(bytes);
      expect(encodeStreamHeader({ kind: "fetch", requestId: 1234 }, v)).toEqual(bytes);
    }
  });
});

describe("unknown stream types and truncation", () => {
  it("draft-14 refuses reserved and draft-16-only types (PROTOCOL_VIOLATION)", () => {
    for (const t of ["16", "17", "1e", "1f", "30", "35", "00", "04", "06", "20", "40 30"]) {
      const e = decodeError(hex(`${t} 02 00 00 00 00`), Version.DRAFT_14);
      expect(e.failure).toBe("malformed");
      expect(e.termination).toBe(0x3);
      expect(e.offset).toBe(0);
    }
  });

  it("draft-16 refuses SUBGROUP_ID_MODE 0b11 and types outside 0b00X1XXXX", () => {
    const bad = ["16", "17", "1e", "1f", "36", "37", "3e", "3f", "0f", "20", "2f", "50", "40 40"];
    for (const t of bad) {
      const e = decodeError(hex(`${t} 02 00 00 00 00`), Version.DRAFT_16);
      expect(e.failure).toBe("malformed");
      expect(e.termination).toBe(0x3);
    }
  });

  it("accepts a non-minimal varint for the type (RFC 9000 allows it)", () => {
    const bytes = hex(`
      40 10  # Type 0x10 as a 2-byte varint
      02     # Track Alias = 2
      41 05  # Group ID = 261
      80     # Publisher Priority = 128
    `);
    expect(decodeStreamHeader(bytes, Version.DRAFT_14)).toEqual([sg(ZERO, false, false, 0x80), 6]);
  });

  it("a header cut anywhere is truncated, never malformed", () => {
    const all = [...D14_AND_D16_TYPES, ["05 44 d2", undefined] as const];
    for (const [bytesHex] of all) {
      const bytes = hex(bytesHex);
      for (let n = 0; n < bytes.length; n++) {
        const e = decodeError(bytes.subarray(0, n), Version.DRAFT_16);
        expect(e.failure).toBe("truncated");
        expect(e.truncated).toBe(true);
      }
    }
  });
});
