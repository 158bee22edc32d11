// fast-check arbitraries for the data plane codec: valid, canonical values only,
// so that decode(encode(x)) deep-equals x.
import fc from "fast-check";
import type { KeyValuePair } from "../key-value.ts";
import { Version } from "../version.ts";
import type { ObjectDatagram } from "./datagram.ts";
import { ExtensionHeaderType, immutableExtensionsPair } from "./extensions.ts";
import type { FetchEndOfRange, FetchItem, FetchObject } from "./fetch-object.ts";
import { ObjectStatus } from "./object-status.ts";
import {
  type FetchHeader,
  type StreamHeader,
  type SubgroupHeader,
  SubgroupIdMode,
} from "./stream-header.ts";
import type { SubgroupObject } from "./subgroup-object.ts";

type Draft = 14 | 16;
const VERSION: Record<Draft, Version> = { 14: Version.DRAFT_14, 16: Version.DRAFT_16 };

/** Varints of every encoded length (1, 2, 4, 8 bytes). */
export const varint: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 0x3f }),
  fc.integer({ min: 0x40, max: 0x3fff }),
  fc.integer({ min: 0x4000, max: 0x3fffffff }),
  fc.integer({ min: 0x40000000, max: Number.MAX_SAFE_INTEGER }),
);
const priority = fc.integer({ min: 0, max: 255 });
const smallBytes = fc.uint8Array({ maxLength: 12 });
const payload = fc.uint8Array({ minLength: 1, maxLength: 48 });

function pairOf(type: number): fc.Arbitrary<KeyValuePair> {
  return type % 2 === 1
    ? smallBytes.map((value) => ({ type, value }))
    : varint.map((value) => ({ type, value }));
}

const extensionType = fc.oneof(
  fc.constantFrom(
    ExtensionHeaderType.PRIOR_GROUP_ID_GAP,
    ExtensionHeaderType.PRIOR_OBJECT_ID_GAP,
    0x4d,
    0x02,
  ),
  fc.integer({ min: 0, max: 0x7f }).filter((t) => t !== ExtensionHeaderType.IMMUTABLE_EXTENSIONS),
  fc.integer({ min: 0x4000, max: 0x3fffffff }),
);

function plainPairs(draft: Draft, minLength: number): fc.Arbitrary<KeyValuePair[]> {
  return fc
    .array(extensionType.chain(pairOf), { minLength, maxLength: 4 })
    .map((pairs) => (draft === 16 ? [...pairs].sort((a, b) => a.type - b.type) : pairs));
}

/** Non-empty extension lists, sometimes holding an Immutable Extensions block. */
export function extensionsArb(draft: Draft): fc.Arbitrary<KeyValuePair[]> {
  const withImmutable = fc
    .tuple(plainPairs(draft, 0), plainPairs(draft, 1))
    .map(([outer, inner]) => {
      const all = [...outer, immutableExtensionsPair(inner, VERSION[draft])];
      return draft === 16 ? all.sort((a, b) => a.type - b.type) : all;
    });
  return fc.oneof({ arbitrary: plainPairs(draft, 1), weight: 3 }, withImmutable);
}

/** Optional extensions, canonical: absent rather than empty. */
function maybeExtensions(draft: Draft): fc.Arbitrary<KeyValuePair[] | undefined> {
  return fc.option(extensionsArb(draft), { nil: undefined });
}

function statuses(draft: Draft): fc.Arbitrary<ObjectStatus> {
  return draft === 14
    ? fc.constantFrom(
        ObjectStatus.NORMAL,
        ObjectStatus.DOES_NOT_EXIST,
        ObjectStatus.END_OF_GROUP,
        ObjectStatus.END_OF_TRACK,
      )
    : fc.constantFrom(ObjectStatus.NORMAL, ObjectStatus.END_OF_GROUP, ObjectStatus.END_OF_TRACK);
}

function allowsExtensions(status: ObjectStatus, draft: Draft): boolean {
  return draft === 14 ? status !== ObjectStatus.DOES_NOT_EXIST : status === ObjectStatus.NORMAL;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// --- stream headers ---------------------------------------------------------------------

export function subgroupHeaderArb(draft: Draft): fc.Arbitrary<SubgroupHeader> {
  return fc
    .record({
      trackAlias: varint,
      groupId: varint,
      mode: fc.constantFrom(
        SubgroupIdMode.ZERO,
        SubgroupIdMode.FIRST_OBJECT_ID,
        SubgroupIdMode.EXPLICIT,
      ),
      subgroupId: varint,
      priority: draft === 14 ? priority : fc.option(priority, { nil: undefined }),
      hasExtensions: fc.boolean(),
      endOfGroup: fc.boolean(),
    })
    .map((g) => {
      const h: Mutable<SubgroupHeader> = {
        kind: "subgroup",
        trackAlias: g.trackAlias,
        groupId: g.groupId,
        subgroupIdMode: g.mode,
        hasExtensions: g.hasExtensions,
        endOfGroup: g.endOfGroup,
      };
      if (g.mode === SubgroupIdMode.EXPLICIT) h.subgroupId = g.subgroupId;
      if (g.priority !== undefined) h.publisherPriority = g.priority;
      return h;
    });
}

export const fetchHeaderArb: fc.Arbitrary<FetchHeader> = varint.map((requestId) => ({
  kind: "fetch",
  requestId,
}));

export function streamHeaderArb(draft: Draft): fc.Arbitrary<StreamHeader> {
  return fc.oneof(subgroupHeaderArb(draft), fetchHeaderArb);
}

// --- subgroup streams ---------------------------------------------------------------------

export interface SubgroupStream {
  readonly header: SubgroupHeader;
  readonly objects: readonly SubgroupObject[];
}

function subgroupObjectParts(draft: Draft, hasExtensions: boolean) {
  return fc.record({
    gap: fc.oneof(
      fc.constant(0),
      fc.constant(0),
      varint.map((v) => v % 0x100000),
    ),
    status: fc.oneof({ arbitrary: fc.constant(ObjectStatus.NORMAL), weight: 3 }, statuses(draft)),
    payload,
    empty: fc.boolean(),
    extensions: hasExtensions ? maybeExtensions(draft) : fc.constant(undefined),
  });
}

/** A header and a run of Objects with ascending IDs, as they would follow each other. */
export function subgroupStreamArb(draft: Draft): fc.Arbitrary<SubgroupStream> {
  return subgroupHeaderArb(draft).chain((header) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: 1000 }),
        fc.array(subgroupObjectParts(draft, header.hasExtensions), { maxLength: 6 }),
      )
      .map(([first, parts]) => {
        let id = first - 1;
        const objects = parts.map((part, i): SubgroupObject => {
          id = i === 0 ? first : id + 1 + part.gap;
          const isNormal = part.status === ObjectStatus.NORMAL;
          const o: Mutable<SubgroupObject> = {
            objectId: id,
            status: part.status,
            payload: isNormal && !part.empty ? part.payload : new Uint8Array(0),
          };
          if (part.extensions !== undefined && allowsExtensions(part.status, draft)) {
            o.extensions = part.extensions;
          }
          return o;
        });
        return { header, objects };
      }),
  );
}

// --- fetch streams ----------------------------------------------------------------------

function fetchObjectArb(draft: Draft): fc.Arbitrary<FetchObject> {
  // Small ranges make consecutive objects share fields, so draft-16 compression is exercised.
  const near = fc.oneof(fc.integer({ min: 0, max: 3 }), varint);
  return fc
    .record({
      groupId: near,
      subgroupId: draft === 14 ? near : fc.option(near, { nil: undefined }),
      objectId: near,
      publisherPriority: fc.oneof(fc.integer({ min: 0, max: 1 }), priority),
      extensions: maybeExtensions(draft),
      status: draft === 14 ? statuses(draft) : fc.constant(ObjectStatus.NORMAL),
      payload,
      empty: fc.boolean(),
    })
    .map((g) => {
      const o: Mutable<FetchObject> = {
        kind: "object",
        groupId: g.groupId,
        objectId: g.objectId,
        publisherPriority: g.publisherPriority,
        status: g.status,
        payload: g.status === ObjectStatus.NORMAL && !g.empty ? g.payload : new Uint8Array(0),
      };
      if (g.subgroupId !== undefined) o.subgroupId = g.subgroupId;
      if (g.extensions !== undefined && allowsExtensions(g.status, draft)) {
        o.extensions = g.extensions;
      }
      return o;
    });
}

const endOfRangeArb: fc.Arbitrary<FetchEndOfRange> = fc
  .record({
    range: fc.constantFrom("nonExistent" as const, "unknown" as const),
    groupId: fc.oneof(fc.integer({ min: 0, max: 3 }), varint),
    objectId: fc.oneof(fc.integer({ min: 0, max: 3 }), varint),
  })
  .map((g) => ({ kind: "endOfRange", ...g }));

/** Items of one FETCH stream in order (draft-16 includes End of Range markers). */
export function fetchStreamArb(draft: Draft): fc.Arbitrary<FetchItem[]> {
  const item: fc.Arbitrary<FetchItem> =
    draft === 14
      ? fetchObjectArb(draft)
      : fc.oneof({ arbitrary: fetchObjectArb(draft), weight: 4 }, endOfRangeArb);
  return fc.array(item, { maxLength: 8 });
}

// --- datagrams ------------------------------------------------------------------------------

export function datagramArb(draft: Draft): fc.Arbitrary<ObjectDatagram> {
  return fc
    .record({
      trackAlias: varint,
      groupId: varint,
      objectId: fc.oneof(fc.constant(0), varint),
      priority: draft === 14 ? priority : fc.option(priority, { nil: undefined }),
      endOfGroup: fc.boolean(),
      extensions: maybeExtensions(draft),
      status: fc.oneof(fc.constant(ObjectStatus.NORMAL), statuses(draft)),
      payload: fc.uint8Array({ maxLength: 48 }),
    })
    .map((g) => {
      const isStatus = g.status !== ObjectStatus.NORMAL;
      const d: Mutable<ObjectDatagram> = {
        trackAlias: g.trackAlias,
        groupId: g.groupId,
        objectId: g.objectId,
        endOfGroup: g.endOfGroup && !isStatus,
        status: g.status,
        payload: isStatus ? new Uint8Array(0) : g.payload,
      };
      if (g.priority !== undefined) d.publisherPriority = g.priority;
      if (g.extensions !== undefined && allowsExtensions(g.status, draft)) {
        d.extensions = g.extensions;
      }
      return d;
    });
}

export interface DataArbitraries {
  readonly streamHeader: fc.Arbitrary<StreamHeader>;
  readonly subgroupStream: fc.Arbitrary<SubgroupStream>;
  readonly fetchStream: fc.Arbitrary<FetchItem[]>;
  readonly datagram: fc.Arbitrary<ObjectDatagram>;
}

export const arbitraries: Record<Draft, DataArbitraries> = {
  14: {
    streamHeader: streamHeaderArb(14),
    subgroupStream: subgroupStreamArb(14),
    fetchStream: fetchStreamArb(14),
    datagram: datagramArb(14),
  },
  16: {
    streamHeader: streamHeaderArb(16),
    subgroupStream: subgroupStreamArb(16),
    fetchStream: fetchStreamArb(16),
    datagram: datagramArb(16),
  },
};
