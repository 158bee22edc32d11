import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WireDecodeError } from "../errors.ts";
import { Version } from "../version.ts";
import { WireWriter } from "../writer.ts";
import { arbitraries, type SubgroupStream, subgroupHeaderArb } from "./arbitrary.ts";
import { decodeDatagram, encodeDatagram } from "./datagram.ts";
import {
  decodeFetchObject,
  type FetchItem,
  type FetchObject,
  fetchObjectSize,
  writeFetchObject,
} from "./fetch-object.ts";
import {
  decodeStreamHeader,
  encodeStreamHeader,
  type SubgroupHeader,
  subgroupHeaderSize,
  writeSubgroupHeader,
} from "./stream-header.ts";
import {
  decodeSubgroupObject,
  type SubgroupObject,
  subgroupObjectEnd,
  subgroupObjectSize,
  writeSubgroupObject,
} from "./subgroup-object.ts";

const DRAFTS = [
  [14, Version.DRAFT_14],
  [16, Version.DRAFT_16],
] as const;

function encodeSubgroupStream(s: SubgroupStream, v: Version): Uint8Array {
  let size = subgroupHeaderSize(s.header, v);
  let prev: number | undefined;
  for (const o of s.objects) {
    size += subgroupObjectSize(o, s.header, prev, v);
    prev = o.objectId;
  }
  const w = new WireWriter(size);
  writeSubgroupHeader(w, s.header, v);
  prev = undefined;
  for (const o of s.objects) {
    writeSubgroupObject(w, o, s.header, prev, v);
    prev = o.objectId;
  }
  return w.finish("subgroup stream");
}

/** Parses as far as the bytes go; a cut object surfaces as the thrown error. */
function decodeSubgroupStream(bytes: Uint8Array, v: Version): SubgroupStream | undefined {
  const [h, n] = decodeStreamHeader(bytes, v);
  if (h.kind !== "subgroup") return undefined;
  const objects: SubgroupObject[] = [];
  let at = n;
  let prev: number | undefined;
  while (at < bytes.length) {
    const [o, used] = decodeSubgroupObject(bytes, at, h, prev, v);
    objects.push(o);
    prev = o.objectId;
    at += used;
  }
  return { header: h, objects };
}

function encodeFetchStream(items: readonly FetchItem[], v: Version): Uint8Array {
  let size = 0;
  let prev: FetchItem | undefined;
  let prevObject: FetchObject | undefined;
  for (const item of items) {
    size += fetchObjectSize(item, prev, prevObject, v);
    prev = item;
    if (item.kind === "object") prevObject = item;
  }
  const w = new WireWriter(size);
  prev = undefined;
  prevObject = undefined;
  for (const item of items) {
    writeFetchObject(w, item, prev, prevObject, v);
    prev = item;
    if (item.kind === "object") prevObject = item;
  }
  return w.finish("fetch stream");
}

function decodeFetchStream(bytes: Uint8Array, v: Version): FetchItem[] {
  const out: FetchItem[] = [];
  let prev: FetchItem | undefined;
  let prevObject: FetchObject | undefined;
  let at = 0;
  while (at < bytes.length) {
    const [item, n] = decodeFetchObject(bytes, at, prev, prevObject, v);
    out.push(item);
    prev = item;
    if (item.kind === "object") prevObject = item;
    at += n;
  }
  return out;
}

/** Runs `f`; only a WireDecodeError may escape, and it is returned. */
function onlyWireErrors(f: () => unknown): WireDecodeError | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof WireDecodeError) return e;
    throw e;
  }
}

/** A valid encoding with one byte changed, a cut, or a byte inserted. */
function mutate(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = Math.max(bytes.length, 1);
  return fc.oneof(
    fc.tuple(fc.nat(n - 1), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
      const out = bytes.slice();
      if (out.length > 0) out[i % out.length] = b;
      return out;
    }),
    fc.nat(n).map((cut) => bytes.slice(0, cut)),
    fc.tuple(fc.nat(bytes.length), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
      const out = new Uint8Array(bytes.length + 1);
      out.set(bytes.subarray(0, i));
      out[i] = b;
      out.set(bytes.subarray(i), i + 1);
      return out;
    }),
  );
}

describe.each(DRAFTS)("draft-%i data plane properties", (draft, v) => {
  const arb = arbitraries[draft];

  it("decode(encode(header)) equals the header", () => {
    fc.assert(
      fc.property(arb.streamHeader, (h) => {
        const bytes = encodeStreamHeader(h, v);
        expect(decodeStreamHeader(bytes, v)).toEqual([h, bytes.length]);
      }),
    );
  });

  it("a subgroup stream decodes to what was encoded", () => {
    fc.assert(
      fc.property(arb.subgroupStream, (s) => {
        expect(decodeSubgroupStream(encodeSubgroupStream(s, v), v)).toEqual(s);
      }),
    );
  });

  it("subgroupObjectEnd: -1 for every cut inside an Object, its exact end once whole", () => {
    fc.assert(
      fc.property(arb.subgroupStream, fc.nat(), (s, cutSeed) => {
        const bytes = encodeSubgroupStream(s, v);
        const [h, n] = decodeStreamHeader(bytes, v);
        if (h.kind !== "subgroup") return;
        let at = n;
        let prev: number | undefined;
        while (at < bytes.length) {
          const [o, used] = decodeSubgroupObject(bytes, at, h, prev, v);
          expect(subgroupObjectEnd(bytes, at, h.hasExtensions)).toBe(at + used);
          const cut = at + (cutSeed % used);
          expect(subgroupObjectEnd(bytes.subarray(0, cut), at, h.hasExtensions)).toBe(-1);
          prev = o.objectId;
          at += used;
        }
      }),
    );
  });

  it("a fetch stream decodes to what was encoded", () => {
    fc.assert(
      fc.property(arb.fetchStream, (items) => {
        expect(decodeFetchStream(encodeFetchStream(items, v), v)).toEqual(items);
      }),
    );
  });

  it("decode(encode(datagram)) equals the datagram", () => {
    fc.assert(
      fc.property(arb.datagram, (d) => {
        const bytes = encodeDatagram(d, v);
        expect(decodeDatagram(bytes, v)).toEqual([d, bytes.length]);
      }),
    );
  });

  it("a stream cut anywhere is truncated, never malformed", () => {
    fc.assert(
      fc.property(arb.subgroupStream, fc.double({ min: 0, max: 1, noNaN: true }), (s, at) => {
        const bytes = encodeSubgroupStream(s, v);
        const cut = Math.floor(at * bytes.length);
        const e = onlyWireErrors(() => decodeSubgroupStream(bytes.subarray(0, cut), v));
        if (e !== undefined) expect(e.failure).toBe("truncated");
      }),
    );
    fc.assert(
      fc.property(arb.fetchStream, fc.double({ min: 0, max: 1, noNaN: true }), (items, at) => {
        const bytes = encodeFetchStream(items, v);
        const cut = Math.floor(at * bytes.length);
        const e = onlyWireErrors(() => decodeFetchStream(bytes.subarray(0, cut), v));
        if (e !== undefined) expect(e.failure).toBe("truncated");
      }),
    );
  });

  it("random bytes never throw anything but WireDecodeError", () => {
    const bytes = fc.uint8Array({ maxLength: 64 });
    fc.assert(
      fc.property(
        bytes,
        subgroupHeaderArb(draft),
        fc.option(fc.nat(), { nil: undefined }),
        (b, h, prev) => {
          onlyWireErrors(() => decodeStreamHeader(b, v));
          onlyWireErrors(() => decodeDatagram(b, v));
          onlyWireErrors(() => decodeSubgroupObject(b, 0, h, prev, v));
          onlyWireErrors(() => decodeFetchObject(b, 0, undefined, undefined, v));
          onlyWireErrors(() => decodeSubgroupStream(b, v));
          onlyWireErrors(() => decodeFetchStream(b, v));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("mutated encodings never throw anything but WireDecodeError", () => {
    const subgroup = arb.subgroupStream.chain((s) => {
      const bytes = encodeSubgroupStream(s, v);
      return mutate(bytes).map((m): [SubgroupHeader, Uint8Array] => [s.header, m]);
    });
    fc.assert(
      fc.property(subgroup, ([h, m]) => {
        onlyWireErrors(() => decodeSubgroupStream(m, v));
        onlyWireErrors(() => decodeSubgroupObject(m, Math.min(1, m.length), h, undefined, v));
      }),
    );
    fc.assert(
      fc.property(
        arb.fetchStream.chain((items) => mutate(encodeFetchStream(items, v))),
        (m) => void onlyWireErrors(() => decodeFetchStream(m, v)),
      ),
    );
    fc.assert(
      fc.property(
        arb.datagram.chain((d) => mutate(encodeDatagram(d, v))),
        (m) => {
          const e = onlyWireErrors(() => decodeDatagram(m, v));
          if (e !== undefined) expect(e.failure).toBe("malformed");
        },
      ),
    );
  });
});
