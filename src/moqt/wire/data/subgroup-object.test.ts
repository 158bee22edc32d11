import { describe, expect, it } from "vitest";
import { WireDecodeError } from "../errors.ts";
import { hex, toHex, utf8 } from "../testing/hex.ts";
import { Version } from "../version.ts";
import { WireWriter } from "../writer.ts";
import { ObjectStatus } from "./object-status.ts";
import {
  decodeStreamHeader,
  type SubgroupHeader,
  SubgroupIdMode,
  subgroupHeaderSize,
  writeSubgroupHeader,
} from "./stream-header.ts";
import {
  decodeSubgroupObject,
  encodeSubgroupObject,
  type SubgroupObject,
  subgroupObjectSize,
  writeSubgroupObject,
} from "./subgroup-object.ts";

const V14 = Version.DRAFT_14;
const V16 = Version.DRAFT_16;

function header(hasExtensions: boolean, publisherPriority?: number): SubgroupHeader {
  return {
    kind: "subgroup",
    trackAlias: 2,
    groupId: 0,
    subgroupIdMode: SubgroupIdMode.EXPLICIT,
    subgroupId: 0,
    ...(publisherPriority === undefined ? {} : { publisherPriority }),
    hasExtensions,
    endOfGroup: false,
  };
}
const PLAIN = header(false, 0);
const WITH_EXT = header(true, 0);

/** Decodes header + objects back to back, as a stream parser would. */
function decodeStream(bytes: Uint8Array, v: Version): [SubgroupHeader, SubgroupObject[]] {
  const [h, n] = decodeStreamHeader(bytes, v);
  if (h.kind !== "subgroup") throw new Error("not a subgroup stream");
  const objects: SubgroupObject[] = [];
  let at = n;
  let prev: number | undefined;
  while (at < bytes.length) {
    const [o, used] = decodeSubgroupObject(bytes, at, h, prev, v);
    objects.push(o);
    prev = o.objectId;
    at += used;
  }
  return [h, objects];
}

/** Encodes header + objects into one buffer with the size/write pair. */
function encodeStream(h: SubgroupHeader, objects: readonly SubgroupObject[], v: Version) {
  let size = subgroupHeaderSize(h, v);
  let prev: number | undefined;
  for (const o of objects) {
    size += subgroupObjectSize(o, h, prev, v);
    prev = o.objectId;
  }
  const w = new WireWriter(size);
  writeSubgroupHeader(w, h, v);
  prev = undefined;
  for (const o of objects) {
    writeSubgroupObject(w, o, h, prev, v);
    prev = o.objectId;
  }
  return w.finish("stream");
}

function errorOf(f: () => unknown): WireDecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof WireDecodeError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

const normal = (objectId: number, text: string): SubgroupObject => ({
  objectId,
  status: ObjectStatus.NORMAL,
  payload: utf8(text),
});

describe("subgroup stream objects (§Subgroup Header, Subgroup Object Fields)", () => {
  it("spec example: a subgroup on one stream, both drafts", () => {
    const bytes = hex(`
      14           # SUBGROUP_HEADER type 0x14
      02           # Track Alias = 2
      00           # Group ID = 0
      00           # Subgroup ID = 0
      00           # Publisher Priority = 0
      00           # Object ID Delta = 0 -> Object ID 0
      04           # Object Payload Length = 4
      61 62 63 64  # "abcd"
      00           # Object ID Delta = 0 -> Object ID 1 (previous + 0 + 1)
      04           # Object Payload Length = 4
      65 66 67 68  # "efgh"
    `);
    const objects = [normal(0, "abcd"), normal(1, "efgh")];
    for (const v of [V14, V16]) {
      expect(decodeStream(bytes, v)).toEqual([PLAIN, objects]);
      expect(toHex(encodeStream(PLAIN, objects, v))).toBe(toHex(bytes));
    }
  });

  // The spec example writes Extension Headers Length = 33 and a Length of 21 for a
  // 14-byte value; those numbers do not add up, so the real lengths are used here.
  it("spec example with two extension headers, draft-14 (type 0x15, absolute types)", () => {
    const bytes = hex(`
      15                       # SUBGROUP_HEADER type 0x15 (Subgroup ID present, extensions)
      02 00 00 00              # Track Alias 2, Group 0, Subgroup 0, Publisher Priority 0
      00                       # Object ID Delta = 0 -> Object ID 0
      1a                       # Extension Headers Length = 26
      04                       #   Type = 4 (even: varint value)
      c0 00 00 00 82 57 dc d3  #   Value = 2186796243 (8-byte varint)
      40 4d                    #   Type = 77 (odd: length + bytes; 2-byte varint)
      0e                       #   Length = 14
      74 72 61 63 65 49 44 3a 31 32 33 34 35 36  # "traceID:123456"
      04 61 62 63 64           # Object Payload Length 4, "abcd"
      00                       # Object ID Delta = 0 -> Object ID 1
      00                       # Extension Headers Length = 0
      04 65 66 67 68           # Object Payload Length 4, "efgh"
    `);
    const h = WITH_EXT;
    const objects: SubgroupObject[] = [
      {
        objectId: 0,
        extensions: [
          { type: 4, value: 2186796243 },
          { type: 77, value: utf8("traceID:123456") },
        ],
        status: ObjectStatus.NORMAL,
        payload: utf8("abcd"),
      },
      normal(1, "efgh"),
    ];
    expect(decodeStream(bytes, V14)).toEqual([h, objects]);
    expect(toHex(encodeStream(h, objects, V14))).toBe(toHex(bytes));
  });

  it("spec example with two extension headers, draft-16 (type 0x35, delta types)", () => {
    const bytes = hex(`
      35                       # SUBGROUP_HEADER type 0x35 (Subgroup ID present, ext, default priority)
      02 00 00                 # Track Alias 2, Group 0, Subgroup 0 (no priority byte)
      00                       # Object ID Delta = 0 -> Object ID 0
      1a                       # Extension Headers Length = 26
      04                       #   Delta Type = 4 -> Type 4
      c0 00 00 00 82 57 dc d3  #   Value = 2186796243
      40 49                    #   Delta Type = 73 -> Type 77 (2-byte varint)
      0e                       #   Length = 14
      74 72 61 63 65 49 44 3a 31 32 33 34 35 36  # "traceID:123456"
      04 61 62 63 64           # Object Payload Length 4, "abcd"
      00                       # Object ID Delta = 0 -> Object ID 1
      00                       # Extension Headers Length = 0
      04 65 66 67 68           # Object Payload Length 4, "efgh"
    `);
    const h = header(true);
    const objects: SubgroupObject[] = [
      {
        objectId: 0,
        extensions: [
          { type: 4, value: 2186796243 },
          { type: 77, value: utf8("traceID:123456") },
        ],
        status: ObjectStatus.NORMAL,
        payload: utf8("abcd"),
      },
      normal(1, "efgh"),
    ];
    expect(decodeStream(bytes, V16)).toEqual([h, objects]);
    expect(toHex(encodeStream(h, objects, V16))).toBe(toHex(bytes));
  });

  it("Object ID deltas: the first is absolute, later ones skip delta IDs", () => {
    const bytes = hex(`
      05     # Object ID Delta = 5 -> first Object ID 5
      01 61  # Payload Length 1, "a"
      03     # Object ID Delta = 3 -> 5 + 3 + 1 = 9
      01 62  # Payload Length 1, "b"
      40 64  # Object ID Delta = 100 (2-byte varint) -> 9 + 100 + 1 = 110
      01 63  # Payload Length 1, "c"
    `);
    const objects = [normal(5, "a"), normal(9, "b"), normal(110, "c")];
    for (const v of [V14, V16]) {
      let at = 0;
      let prev: number | undefined;
      for (const o of objects) {
        const [got, n] = decodeSubgroupObject(bytes, at, PLAIN, prev, v);
        expect(got).toEqual(o);
        expect(toHex(encodeSubgroupObject(o, PLAIN, prev, v))).toBe(
          toHex(bytes.subarray(at, at + n)),
        );
        at += n;
        prev = o.objectId;
      }
      expect(at).toBe(bytes.length);
    }
  });

  it("status objects: a zero length is followed by the status", () => {
    const cases: [string, ObjectStatus, Version[]][] = [
      ["00 00 00", ObjectStatus.NORMAL, [V14, V16]], // delta 0 | length 0 | status Normal
      ["00 00 01", ObjectStatus.DOES_NOT_EXIST, [V14]], // delta 0 | length 0 | Does Not Exist
      ["00 00 03", ObjectStatus.END_OF_GROUP, [V14, V16]], // delta 0 | length 0 | End of Group
      ["00 00 04", ObjectStatus.END_OF_TRACK, [V14, V16]], // delta 0 | length 0 | End of Track
    ];
    for (const [bytesHex, status, versions] of cases) {
      const bytes = hex(bytesHex);
      const o: SubgroupObject = { objectId: 0, status, payload: new Uint8Array(0) };
      for (const v of versions) {
        expect(decodeSubgroupObject(bytes, 0, PLAIN, undefined, v)).toEqual([o, 3]);
        expect(encodeSubgroupObject(o, PLAIN, undefined, v)).toEqual(bytes);
      }
    }
  });

  it("extensions on a status object: draft-14 refuses them only on Does Not Exist", () => {
    const eog = hex(`
      00        # Object ID Delta = 0
      02 3c 01  # Extension Headers Length 2: Prior Group ID Gap (0x3C) = 1
      00        # Object Payload Length = 0
      03        # Object Status = End of Group
    `);
    const o: SubgroupObject = {
      objectId: 0,
      extensions: [{ type: 0x3c, value: 1 }],
      status: ObjectStatus.END_OF_GROUP,
      payload: new Uint8Array(0),
    };
    expect(decodeSubgroupObject(eog, 0, WITH_EXT, undefined, V14)).toEqual([o, 6]);
    expect(encodeSubgroupObject(o, WITH_EXT, undefined, V14)).toEqual(eog);
    // draft-16: only Normal objects may carry extensions.
    const e16 = errorOf(() => decodeSubgroupObject(eog, 0, WITH_EXT, undefined, V16));
    expect([e16.failure, e16.termination, e16.offset]).toEqual(["malformed", 0x3, 1]);
    expect(() => encodeSubgroupObject(o, WITH_EXT, undefined, V16)).toThrow(/extensions/);

    const dne = hex("00 02 3c 01 00 01"); // same, status Does Not Exist
    const e14 = errorOf(() => decodeSubgroupObject(dne, 0, WITH_EXT, undefined, V14));
    expect([e14.failure, e14.termination]).toEqual(["malformed", 0x3]);
    // An empty Extensions field is not an extension.
    expect(decodeSubgroupObject(hex("00 00 00 01"), 0, WITH_EXT, undefined, V14)[0]).toEqual({
      objectId: 0,
      status: ObjectStatus.DOES_NOT_EXIST,
      payload: new Uint8Array(0),
    });
  });

  it("draft-16 delta-encodes extension types; draft-14 writes them absolutely", () => {
    const o: SubgroupObject = {
      objectId: 3,
      extensions: [
        { type: 0x3c, value: 2 },
        { type: 0x3e, value: 1 },
      ],
      status: ObjectStatus.NORMAL,
      payload: utf8("x"),
    };
    const d14 = hex(`
      03              # Object ID Delta = 3 (first object)
      04 3c 02 3e 01  # Extensions (4 bytes): 0x3C = 2, 0x3E = 1
      01 78           # Payload Length 1, "x"
    `);
    const d16 = hex(`
      03              # Object ID Delta = 3 (first object)
      04 3c 02 02 01  # Extensions (4 bytes): delta 0x3C -> 0x3C = 2, delta 2 -> 0x3E = 1
      01 78           # Payload Length 1, "x"
    `);
    expect(encodeSubgroupObject(o, WITH_EXT, undefined, V14)).toEqual(d14);
    expect(encodeSubgroupObject(o, WITH_EXT, undefined, V16)).toEqual(d16);
    expect(decodeSubgroupObject(d14, 0, WITH_EXT, undefined, V14)[0]).toEqual(o);
    expect(decodeSubgroupObject(d16, 0, WITH_EXT, undefined, V16)[0]).toEqual(o);
  });

  it("payloads are zero-copy views into the input", () => {
    const bytes = hex("00 03 61 62 63");
    const [o] = decodeSubgroupObject(bytes, 0, PLAIN, undefined, V16);
    expect(o.payload.buffer).toBe(bytes.buffer);
    expect(o.payload.byteOffset).toBe(2);
  });
});

describe("subgroup object errors", () => {
  it("invalid Object Status values are malformed (PROTOCOL_VIOLATION)", () => {
    for (const [bytesHex, v] of [
      ["00 00 02", V14],
      ["00 00 05", V14],
      ["00 00 01", V16], // Does Not Exist is gone in draft-16
      ["00 00 40 02", V16], // status 2 as a 2-byte varint
    ] as const) {
      const e = errorOf(() => decodeSubgroupObject(hex(bytesHex), 0, PLAIN, undefined, v));
      expect([e.failure, e.termination, e.offset]).toEqual(["malformed", 0x3, 2]);
    }
  });

  it("an object cut anywhere is truncated", () => {
    const full = hex(`
      07           # Object ID Delta = 7
      06 3c 01 3b 02 aa bb  # Extensions: 0x3C = 1, then 0x3B (odd) length 2 (draft-14 types)
      04 61 62 63 64        # Payload Length 4, "abcd"
    `);
    expect(decodeSubgroupObject(full, 0, WITH_EXT, undefined, V14)[1]).toBe(full.length);
    for (let n = 0; n < full.length; n++) {
      const e = errorOf(() =>
        decodeSubgroupObject(full.subarray(0, n), 0, WITH_EXT, undefined, V14),
      );
      expect(e.failure).toBe("truncated");
    }
    const status = hex("00 00 03");
    for (let n = 0; n < status.length; n++) {
      const e = errorOf(() =>
        decodeSubgroupObject(status.subarray(0, n), 0, PLAIN, undefined, V16),
      );
      expect(e.failure).toBe("truncated");
    }
  });

  it("an extension that overruns Extension Headers Length is malformed", () => {
    const bytes = hex(`
      00        # Object ID Delta
      03        # Extension Headers Length = 3
      3b 05 aa  # Type 0x3B (odd), Length 5: runs past the 3-byte block
      01 61     # Payload
    `);
    const e = errorOf(() => decodeSubgroupObject(bytes, 0, WITH_EXT, undefined, V14));
    expect([e.failure, e.termination]).toEqual(["malformed", 0x3]);
  });

  it("an extension value longer than 65535 bytes is malformed", () => {
    const bytes = hex(`
      00              # Object ID Delta
      06              # Extension Headers Length = 6
      3b 81 00 00 00  # Type 0x3B, Length 65536 (> 2^16-1)
      00              # (filler)
    `);
    const e = errorOf(() => decodeSubgroupObject(bytes, 0, WITH_EXT, undefined, V16));
    expect([e.failure, e.termination]).toEqual(["malformed", 0x3]);
  });

  it("an Object ID past 2^53-1 is malformed", () => {
    const bytes = hex("c0 1f ff ff ff ff ff ff 00 00"); // delta 2^53-1 after Object ID 5
    const e = errorOf(() => decodeSubgroupObject(bytes, 0, PLAIN, 5, V16));
    expect(e.failure).toBe("malformed");
  });

  it("refuses objects it cannot encode", () => {
    const withExt: SubgroupObject = { ...normal(0, "a"), extensions: [{ type: 2, value: 1 }] };
    expect(() => encodeSubgroupObject(withExt, PLAIN, undefined, V14)).toThrow(/extensions/);
    expect(() => encodeSubgroupObject(normal(3, "a"), PLAIN, 3, V14)).toThrow(/greater/);
    const statusWithPayload: SubgroupObject = {
      ...normal(0, "a"),
      status: ObjectStatus.END_OF_GROUP,
    };
    expect(() => encodeSubgroupObject(statusWithPayload, PLAIN, undefined, V16)).toThrow(
      /empty payload/,
    );
    const dne: SubgroupObject = {
      objectId: 0,
      status: ObjectStatus.DOES_NOT_EXIST,
      payload: new Uint8Array(0),
    };
    expect(() => encodeSubgroupObject(dne, PLAIN, undefined, V16)).toThrow(/draft-16/);
    const unsorted: SubgroupObject = {
      ...normal(0, "a"),
      extensions: [
        { type: 4, value: 1 },
        { type: 2, value: 1 },
      ],
    };
    expect(() => encodeSubgroupObject(unsorted, WITH_EXT, undefined, V16)).toThrow(/ascend/);
    expect(encodeSubgroupObject(unsorted, WITH_EXT, undefined, V14)).toEqual(
      hex("00 04 04 01 02 01 01 61"),
    );
  });
});
