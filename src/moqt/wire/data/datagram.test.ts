import { describe, expect, it } from "vitest";
import { WireDecodeError } from "../errors.ts";
import type { KeyValuePair } from "../key-value.ts";
import { hex, toHex, utf8 } from "../testing/hex.ts";
import { Version } from "../version.ts";
import { decodeDatagram, encodeDatagram, type ObjectDatagram } from "./datagram.ts";
import { ObjectStatus } from "./object-status.ts";

const V14 = Version.DRAFT_14;
const V16 = Version.DRAFT_16;
const EXT: KeyValuePair[] = [{ type: 0x3c, value: 1 }];
const HI = utf8("hi");
const EMPTY = new Uint8Array(0);

function dg(
  objectId: number,
  publisherPriority: number | undefined,
  endOfGroup: boolean,
  ext: boolean,
  status: ObjectStatus = ObjectStatus.NORMAL,
): ObjectDatagram {
  return {
    trackAlias: 2,
    groupId: 5,
    objectId,
    ...(publisherPriority === undefined ? {} : { publisherPriority }),
    endOfGroup,
    ...(ext ? { extensions: EXT } : {}),
    status,
    payload: status === ObjectStatus.NORMAL ? HI : EMPTY,
  };
}

function errorOf(bytes: Uint8Array, v: Version): WireDecodeError {
  try {
    decodeDatagram(bytes, v);
  } catch (e) {
    if (e instanceof WireDecodeError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

// Fields: Type | Track Alias 2 | Group 5 | [Object ID 9] | [Priority 0x80] |
// [Extensions: length 2, 0x3C = 1] | [Status] | [Payload "hi" = 68 69].
const EOG = ObjectStatus.END_OF_GROUP;
const EOT = ObjectStatus.END_OF_TRACK;
const BOTH_DRAFTS: [string, ObjectDatagram][] = [
  ["00 02 05 09 80 68 69", dg(9, 0x80, false, false)], // 0x00: Object ID present, payload
  ["01 02 05 09 80 02 3c 01 68 69", dg(9, 0x80, false, true)], // 0x01: + extensions
  ["02 02 05 09 80 68 69", dg(9, 0x80, true, false)], // 0x02: end of group
  ["03 02 05 09 80 02 3c 01 68 69", dg(9, 0x80, true, true)], // 0x03: end of group + ext
  ["04 02 05 80 68 69", dg(0, 0x80, false, false)], // 0x04: no Object ID field (ID 0)
  ["05 02 05 80 02 3c 01 68 69", dg(0, 0x80, false, true)], // 0x05: no Object ID, ext
  ["06 02 05 80 68 69", dg(0, 0x80, true, false)], // 0x06: no Object ID, end of group
  ["07 02 05 80 02 3c 01 68 69", dg(0, 0x80, true, true)], // 0x07: no Object ID, EOG, ext
  ["20 02 05 09 80 03", dg(9, 0x80, false, false, EOG)], // 0x20: status End of Group
];

describe("OBJECT_DATAGRAM (§Object Datagram)", () => {
  it("draft-14: all 10 types", () => {
    const d14: [string, ObjectDatagram][] = [
      ...BOTH_DRAFTS,
      ["20 02 05 00 80 04", dg(0, 0x80, false, false, EOT)], // 0x20: Object ID 0 is written (no zero-ID status type)
      ["21 02 05 09 80 02 3c 01 03", dg(9, 0x80, false, true, EOG)], // 0x21: status + ext
      ["20 02 05 09 80 01", dg(9, 0x80, false, false, ObjectStatus.DOES_NOT_EXIST)], // 0x20: Does Not Exist
    ];
    for (const [h, d] of d14) {
      const bytes = hex(h);
      expect(toHex(encodeDatagram(d, V14))).toBe(toHex(bytes));
      expect(decodeDatagram(bytes, V14)).toEqual([d, bytes.length]);
    }
  });

  it("draft-16: the 24 valid types", () => {
    const d16: [string, ObjectDatagram][] = [
      ...BOTH_DRAFTS,
      ["08 02 05 09 68 69", dg(9, undefined, false, false)], // 0x08: default priority
      ["09 02 05 09 02 3c 01 68 69", dg(9, undefined, false, true)], // 0x09: default priority, ext
      ["0a 02 05 09 68 69", dg(9, undefined, true, false)], // 0x0A: default priority, EOG
      ["0b 02 05 09 02 3c 01 68 69", dg(9, undefined, true, true)], // 0x0B: default prio, EOG, ext
      ["0c 02 05 68 69", dg(0, undefined, false, false)], // 0x0C: default priority, zero ID
      ["0d 02 05 02 3c 01 68 69", dg(0, undefined, false, true)], // 0x0D: + ext
      ["0e 02 05 68 69", dg(0, undefined, true, false)], // 0x0E: + EOG
      ["0f 02 05 02 3c 01 68 69", dg(0, undefined, true, true)], // 0x0F: + EOG + ext
      ["24 02 05 80 04", dg(0, 0x80, false, false, EOT)], // 0x24: status, zero Object ID
      ["28 02 05 09 03", dg(9, undefined, false, false, EOG)], // 0x28: status, default priority
      ["2c 02 05 04", dg(0, undefined, false, false, EOT)], // 0x2C: status, zero ID, default priority
    ];
    for (const [h, d] of d16) {
      const bytes = hex(h);
      expect(toHex(encodeDatagram(d, V16))).toBe(toHex(bytes));
      expect(decodeDatagram(bytes, V16)).toEqual([d, bytes.length]);
    }
    // STATUS with EXTENSIONS (0x21, 0x25, 0x29, 0x2D) is only legal with status Normal,
    // which the encoder writes as the equivalent payload type with an empty payload.
    const statusExt: [string, string, ObjectDatagram][] = [
      ["21 02 05 09 80 02 3c 01 00", "01 02 05 09 80 02 3c 01", dg(9, 0x80, false, true)],
      ["25 02 05 80 02 3c 01 00", "05 02 05 80 02 3c 01", dg(0, 0x80, false, true)],
      ["29 02 05 09 02 3c 01 00", "09 02 05 09 02 3c 01", dg(9, undefined, false, true)],
      ["2d 02 05 02 3c 01 00", "0d 02 05 02 3c 01", dg(0, undefined, false, true)],
    ];
    for (const [wire, canonical, d] of statusExt) {
      const normal = { ...d, payload: EMPTY };
      expect(decodeDatagram(hex(wire), V16)[0]).toEqual(normal);
      expect(toHex(encodeDatagram(normal, V16))).toBe(canonical);
    }
  });

  it("accepts an explicit Object ID of 0 and an empty payload", () => {
    for (const v of [V14, V16]) {
      expect(decodeDatagram(hex("00 02 05 00 80 68 69"), v)[0]).toEqual(dg(0, 0x80, false, false));
      const [d] = decodeDatagram(hex("00 02 05 09 80"), v);
      expect(d.payload.length).toBe(0);
      expect(d.status).toBe(ObjectStatus.NORMAL);
    }
  });

  it("the payload is a zero-copy view", () => {
    const bytes = hex("04 02 05 80 68 69");
    const [d] = decodeDatagram(bytes, V16);
    expect(d.payload.buffer).toBe(bytes.buffer);
    expect(d.payload.byteOffset).toBe(4);
  });
});

describe("OBJECT_DATAGRAM errors", () => {
  it("unknown types close the session (PROTOCOL_VIOLATION)", () => {
    const d14 = ["08", "0f", "10", "22", "23", "24", "2c", "30"];
    const d16 = ["10", "1f", "22", "23", "26", "27", "2a", "2b", "2e", "2f", "30", "40 40"];
    for (const [types, v] of [
      [d14, V14],
      [d16, V16],
    ] as const) {
      for (const t of types) {
        const e = errorOf(hex(`${t} 02 05 09 80 03`), v);
        expect([e.failure, e.termination, e.offset]).toEqual(["malformed", 0x3, 0]);
      }
    }
  });

  it("EXTENSIONS with an Extension Headers Length of 0 is malformed", () => {
    const e = errorOf(hex("01 02 05 09 80 00 68 69"), V16);
    expect([e.failure, e.termination, e.offset]).toEqual(["malformed", 0x3, 5]);
  });

  it("extensions on a status that cannot carry them are malformed", () => {
    const e16 = errorOf(hex("21 02 05 09 80 02 3c 01 03"), V16); // End of Group + ext
    expect([e16.failure, e16.offset]).toEqual(["malformed", 5]);
    const e14 = errorOf(hex("21 02 05 09 80 02 3c 01 01"), V14); // Does Not Exist + ext
    expect([e14.failure, e14.offset]).toEqual(["malformed", 5]);
  });

  it("invalid statuses and bytes after the status are malformed", () => {
    expect(errorOf(hex("20 02 05 09 80 02"), V14).failure).toBe("malformed");
    expect(errorOf(hex("20 02 05 09 80 01"), V16).failure).toBe("malformed");
    const trailing = errorOf(hex("20 02 05 09 80 03 00"), V14);
    expect([trailing.failure, trailing.offset]).toEqual(["malformed", 6]);
  });

  it("a datagram cut inside its header is malformed, not truncated (nothing more arrives)", () => {
    for (const [h, v] of [
      ["01 02 05 09 80 02 3c 01", V14],
      ["20 02 05 09 80 03", V14],
      ["2c 02 05 04", V16],
    ] as const) {
      const full = hex(h);
      for (let n = 0; n < full.length; n++) {
        const e = errorOf(full.subarray(0, n), v);
        expect(e.failure).toBe("malformed");
      }
    }
  });

  it("refuses datagrams it cannot encode", () => {
    expect(() => encodeDatagram(dg(9, undefined, false, false), V14)).toThrow(/priority/);
    expect(() => encodeDatagram(dg(9, 1, true, false, EOG), V16)).toThrow(/end a group/);
    expect(() => encodeDatagram({ ...dg(9, 1, false, false, EOG), payload: HI }, V16)).toThrow(
      /empty payload/,
    );
    expect(() => encodeDatagram(dg(9, 1, false, true, EOG), V16)).toThrow(/extensions/);
  });
});
