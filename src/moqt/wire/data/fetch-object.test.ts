import { describe, expect, it } from "vitest";
import { WireDecodeError } from "../errors.ts";
import { hex, toHex, utf8 } from "../testing/hex.ts";
import { Version } from "../version.ts";
import {
  decodeFetchObject,
  encodeFetchObject,
  type FetchItem,
  type FetchObject,
  fetchObjectSize,
} from "./fetch-object.ts";
import { ObjectStatus } from "./object-status.ts";

const V14 = Version.DRAFT_14;
const V16 = Version.DRAFT_16;
const EMPTY = new Uint8Array(0);

function errorOf(f: () => unknown): WireDecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof WireDecodeError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

function obj(
  groupId: number,
  subgroupId: number | undefined,
  objectId: number,
  publisherPriority: number,
  payload: string,
  extra: Partial<FetchObject> = {},
): FetchObject {
  return {
    kind: "object",
    groupId,
    ...(subgroupId === undefined ? {} : { subgroupId }),
    objectId,
    publisherPriority,
    status: ObjectStatus.NORMAL,
    payload: utf8(payload),
    ...extra,
  };
}

/** Decodes back-to-back items, tracking the prior item and prior Object. */
function decodeAll(bytes: Uint8Array, v: Version, start = 0): FetchItem[] {
  const out: FetchItem[] = [];
  let prev: FetchItem | undefined;
  let prevObject: FetchObject | undefined;
  let at = start;
  while (at < bytes.length) {
    const [item, n] = decodeFetchObject(bytes, at, prev, prevObject, v);
    out.push(item);
    prev = item;
    if (item.kind === "object") prevObject = item;
    at += n;
  }
  return out;
}

function encodeAll(items: readonly FetchItem[], v: Version): string[] {
  const out: string[] = [];
  let prev: FetchItem | undefined;
  let prevObject: FetchObject | undefined;
  for (const item of items) {
    const bytes = encodeFetchObject(item, prev, prevObject, v);
    expect(bytes.length).toBe(fetchObjectSize(item, prev, prevObject, v));
    out.push(toHex(bytes));
    prev = item;
    if (item.kind === "object") prevObject = item;
  }
  return out;
}

describe("draft-14 FETCH objects (§Fetch Header, Fetch Object Fields)", () => {
  it("carries every field, an always-present Extension Headers Length, status when empty", () => {
    const rows: [string, FetchObject][] = [
      [
        "01 02 03 80 00 03 61 62 63", // Group 1 | Subgroup 2 | Object 3 | Priority 128 | Ext Length 0 | Length 3 "abc"
        obj(1, 2, 3, 0x80, "abc"),
      ],
      [
        "01 02 04 80 00 00 01", // Group 1 | Subgroup 2 | Object 4 | Priority 128 | Ext Length 0 | Length 0 | Status Does Not Exist
        obj(1, 2, 4, 0x80, "", { status: ObjectStatus.DOES_NOT_EXIST, payload: EMPTY }),
      ],
      [
        "01 02 05 00 02 3e 02 00 03", // Group 1 | Subgroup 2 | Object 5 | Priority 0 | Ext: 0x3E = 2 | Length 0 | End of Group
        obj(1, 2, 5, 0, "", {
          extensions: [{ type: 0x3e, value: 2 }],
          status: ObjectStatus.END_OF_GROUP,
          payload: EMPTY,
        }),
      ],
      [
        "41 00 00 00 ff 00 00 04", // Group 256 | Subgroup 0 | Object 0 | Priority 255 | Ext 0 | Length 0 | End of Track
        obj(256, 0, 0, 255, "", { status: ObjectStatus.END_OF_TRACK, payload: EMPTY }),
      ],
    ];
    const stream = hex(rows.map(([h]) => h).join(" "));
    expect(decodeAll(stream, V14)).toEqual(rows.map(([, o]) => o));
    expect(
      encodeAll(
        rows.map(([, o]) => o),
        V14,
      ),
    ).toEqual(rows.map(([h]) => toHex(hex(h))));
  });

  it("writes the Object ID as the Subgroup ID of a Datagram-preference object", () => {
    const o = obj(1, undefined, 9, 3, "z");
    const bytes = hex(`
      01     # Group ID 1
      09     # Subgroup ID = Object ID (Forwarding Preference Datagram)
      09     # Object ID 9
      03     # Publisher Priority 3
      00     # Extension Headers Length 0
      01 7a  # Payload Length 1, "z"
    `);
    expect(encodeFetchObject(o, undefined, undefined, V14)).toEqual(bytes);
    expect(decodeFetchObject(bytes, 0, undefined, undefined, V14)[0]).toEqual({
      ...o,
      subgroupId: 9,
    });
  });

  it("refuses extensions on Does Not Exist, invalid statuses, End of Range", () => {
    const dne = hex("01 02 03 80 02 3c 01 00 01"); // ext 0x3C = 1 on status Does Not Exist
    const e = errorOf(() => decodeFetchObject(dne, 0, undefined, undefined, V14));
    expect([e.failure, e.termination, e.offset]).toEqual(["malformed", 0x3, 4]);
    const bad = errorOf(() =>
      decodeFetchObject(hex("01 02 03 80 00 00 02"), 0, undefined, undefined, V14),
    );
    expect([bad.failure, bad.offset]).toEqual(["malformed", 6]);
    expect(() =>
      encodeFetchObject(
        { kind: "endOfRange", range: "unknown", groupId: 1, objectId: 1 },
        undefined,
        undefined,
        V14,
      ),
    ).toThrow(/draft-14/);
  });

  it("an object cut anywhere is truncated", () => {
    const full = hex("01 02 03 80 02 3c 01 03 61 62 63");
    for (let n = 0; n < full.length; n++) {
      const e = errorOf(() => decodeFetchObject(full.subarray(0, n), 0, undefined, undefined, V14));
      expect(e.failure).toBe("truncated");
    }
  });
});

describe("draft-16 FETCH objects (§Fetch Header, Flags, End of Range)", () => {
  const items: FetchItem[] = [
    obj(1, 2, 0, 0x80, "a"),
    obj(1, 2, 1, 0x80, "b"),
    obj(1, 3, 2, 0x80, "c", { extensions: [{ type: 0x3c, value: 1 }] }),
    obj(2, 0, 0, 7, "", { payload: EMPTY }),
    obj(2, undefined, 1, 7, "d"),
    { kind: "endOfRange", range: "nonExistent", groupId: 2, objectId: 5 },
    obj(2, 5, 6, 7, "e"),
    { kind: "endOfRange", range: "unknown", groupId: 4, objectId: 0 },
    obj(4, 5, 1, 9, "f"),
  ];
  const wire = [
    "1f 01 02 00 80 01 61", // flags 0x1F: subgroup present|object|group|priority; G1 S2 O0 P128; "a"
    "01 01 62", // flags 0x01: subgroup = prior (2), object = prior+1, group, priority = prior; "b"
    "22 02 3c 01 01 63", // flags 0x22: subgroup = prior+1 (3), extensions; ext 0x3C = 1; "c"
    "1c 02 00 07 00", // flags 0x1C: subgroup zero, object, group, priority; G2 O0 P7; length 0 (no status)
    "40 40 01 64", // flags 0x40 (2-byte varint): datagram, object = prior+1, group, priority = prior; "d"
    "40 8c 02 05", // End of Non-Existent Range (0x8C): Group 2, Object 5; no payload length
    "03 05 01 65", // flags 0x03: subgroup present = 5; object 5+1 = 6 from the range end; "e"
    "41 0c 04 00", // End of Unknown Range (0x10C): Group 4, Object 0
    "11 09 01 66", // flags 0x11: subgroup = prior Object's (5), priority 9; group 4 and object 0+1 from the range end
  ];

  it("compresses fields against the prior item, End of Range included", () => {
    expect(encodeAll(items, V16)).toEqual(wire.map((h) => toHex(hex(h))));
    expect(decodeAll(hex(wire.join(" ")), V16)).toEqual(items);
  });

  it("ignores the two low bits when the Datagram flag is set", () => {
    const bytes = hex(`
      40 5f  # flags 0x5F: datagram (0x40) | priority | group | object | low bits 0b11 (ignored)
      01     # Group ID 1 (no Subgroup ID field)
      00     # Object ID 0
      80     # Priority 128
      01 61  # Payload Length 1, "a"
    `);
    expect(decodeFetchObject(bytes, 0, undefined, undefined, V16)).toEqual([
      obj(1, undefined, 0, 0x80, "a"),
      bytes.length,
    ]);
  });

  it("accepts an Extensions field of length 0 as no extensions", () => {
    const bytes = hex("3c 01 00 80 00 01 61"); // flags 0x3C: ext|priority|group|object, subgroup 0; ext length 0
    expect(decodeFetchObject(bytes, 0, undefined, undefined, V16)[0]).toEqual(
      obj(1, 0, 0, 0x80, "a"),
    );
  });

  it("refuses references to a prior item that does not exist", () => {
    const cases: [string, FetchItem | undefined, FetchObject | undefined][] = [
      ["00 01 61", undefined, undefined], // first item, group and object from nowhere
      ["14 02 80 01 61", undefined, undefined], // first item, group from nowhere
      ["18 01 80 01 61", undefined, undefined], // first item, object from nowhere
      ["0c 01 00 01 61", undefined, undefined], // first item, priority from nowhere
      ["1d 01 00 80 01 61", undefined, undefined], // first item, subgroup = prior
      // After an End of Range but before any Object: Group/Object fine, Priority not.
      [
        "0c 01 00 01 61",
        { kind: "endOfRange", range: "unknown", groupId: 0, objectId: 0 },
        undefined,
      ],
      // Subgroup = prior + 1 when the prior Object was a Datagram (no Subgroup ID).
      ["12 05 01 61", obj(1, undefined, 0, 1, "x"), obj(1, undefined, 0, 1, "x")],
    ];
    for (const [h, prev, prevObject] of cases) {
      const e = errorOf(() => decodeFetchObject(hex(h), 0, prev, prevObject, V16));
      expect([e.failure, e.termination, e.offset]).toEqual(["malformed", 0x3, 0]);
    }
  });

  it("refuses Serialization Flags of 0x80 and above other than 0x8C and 0x10C", () => {
    for (const h of ["40 80", "40 8d", "41 00", "42 0c", "80 00 02 0c"]) {
      const e = errorOf(() =>
        decodeFetchObject(hex(`${h} 01 01 01 61`), 0, undefined, undefined, V16),
      );
      expect([e.failure, e.termination, e.offset]).toEqual(["malformed", 0x3, 0]);
    }
  });

  it("refuses statuses on draft-16 FETCH objects", () => {
    const o = obj(1, 0, 0, 0, "", { status: ObjectStatus.END_OF_GROUP, payload: EMPTY });
    expect(() => encodeFetchObject(o, undefined, undefined, V16)).toThrow(/Object Status/);
  });

  it("an item cut anywhere is truncated", () => {
    let prev: FetchItem | undefined;
    let prevObject: FetchObject | undefined;
    for (const [i, h] of wire.entries()) {
      const full = hex(h);
      for (let n = 0; n < full.length; n++) {
        const e = errorOf(() => decodeFetchObject(full.subarray(0, n), 0, prev, prevObject, V16));
        expect(e.failure).toBe("truncated");
      }
      const item = items[i]!;
      prev = item;
      if (item.kind === "object") prevObject = item;
    }
  });
});
