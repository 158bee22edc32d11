// draft-14 §"Data Streams and Datagrams", §"Subgroup Header", §"Fetch Header";
// draft-16 §"Data Streams and Datagrams", §"Subgroup Header", §"Fetch Header".
//   SUBGROUP_HEADER {
//     Type (i) = d14: 0x10..0x15 / 0x18..0x1D; d16 adds 0x30..0x35 / 0x38..0x3D,
//     Track Alias (i),
//     Group ID (i),
//     [Subgroup ID (i),]
//     [Publisher Priority (8),]     // always in d14; absent in d16 with DEFAULT_PRIORITY
//   }
//   FETCH_HEADER { Type (i) = 0x5, Request ID (i) }
// The draft-14 type table is the draft-16 bit layout without DEFAULT_PRIORITY:
// 0x01 extensions, 0x06 subgroup ID mode (0 zero, 1 first Object ID, 2 present,
// 3 reserved), 0x08 end of group, 0x10 always set, 0x20 default priority (d16).
import { malformed, WireEncodeError } from "../errors.ts";
import { WireReader } from "../reader.ts";
import type { Version, VersionProfile } from "../version.ts";
import { profileOf } from "../version.ts";
import { varintSize, WireWriter } from "../writer.ts";

/** Unidirectional stream types (§"Data Streams and Datagrams"). */
export const StreamType = {
  FETCH_HEADER: 0x05,
  /** Lowest SUBGROUP_HEADER type; bit 0x10 is set in every one. */
  SUBGROUP_HEADER: 0x10,
} as const;

/** Bits of the SUBGROUP_HEADER type (draft-16 §"Subgroup Header"; same positions in draft-14). */
export const SubgroupTypeBit = {
  EXTENSIONS: 0x01,
  SUBGROUP_ID_MODE: 0x06,
  END_OF_GROUP: 0x08,
  /** draft-16 only. */
  DEFAULT_PRIORITY: 0x20,
} as const;

/** How the header conveys the Subgroup ID (the SUBGROUP_ID_MODE field). */
export const SubgroupIdMode = {
  /** No field; the Subgroup ID is 0. */
  ZERO: 0,
  /** No field; the Subgroup ID is the Object ID of the first Object on the stream. */
  FIRST_OBJECT_ID: 1,
  /** The Subgroup ID field is present. */
  EXPLICIT: 2,
} as const;
export type SubgroupIdMode = (typeof SubgroupIdMode)[keyof typeof SubgroupIdMode];

/** SUBGROUP_HEADER (§"Subgroup Header"): the track, group and subgroup every Object on the stream belongs to. */
export interface SubgroupHeader {
  readonly kind: "subgroup";
  readonly trackAlias: number;
  readonly groupId: number;
  readonly subgroupIdMode: SubgroupIdMode;
  /** Present exactly when subgroupIdMode is EXPLICIT (see subgroupIdOf for the others). */
  readonly subgroupId?: number;
  /** Absent only in draft-16 (DEFAULT_PRIORITY): inherit the Track's publisher priority. */
  readonly publisherPriority?: number;
  /** Every Object on the stream carries an Extensions field (possibly empty). */
  readonly hasExtensions: boolean;
  /** The stream's last Object before FIN is the last Object of the Group. */
  readonly endOfGroup: boolean;
}

/** FETCH_HEADER (§"Fetch Header"): the FETCH request a stream answers. */
export interface FetchHeader {
  readonly kind: "fetch";
  readonly requestId: number;
}

/** The header at the start of a unidirectional data stream. */
export type StreamHeader = SubgroupHeader | FetchHeader;

/** The Subgroup ID the header denotes, given the first Object ID seen on the stream. */
export function subgroupIdOf(h: SubgroupHeader, firstObjectId: number): number {
  if (h.subgroupIdMode === SubgroupIdMode.ZERO) return 0;
  if (h.subgroupIdMode === SubgroupIdMode.FIRST_OBJECT_ID) return firstObjectId;
  return h.subgroupId ?? 0;
}

function isSubgroupType(t: number, p: VersionProfile): boolean {
  const mask = p.draft === 16 ? 0x3f : 0x1f;
  return (t & ~mask) === 0 && (t & 0x10) !== 0 && (t & SubgroupTypeBit.SUBGROUP_ID_MODE) !== 0x06;
}

/** The SUBGROUP_HEADER type that conveys `h` in this draft. */
export function subgroupHeaderType(h: SubgroupHeader, p: VersionProfile): number {
  const mode = h.subgroupIdMode;
  if (mode !== 0 && mode !== 1 && mode !== 2) {
    throw new WireEncodeError(`subgroup header: invalid subgroup ID mode ${mode}`);
  }
  if ((mode === SubgroupIdMode.EXPLICIT) !== (h.subgroupId !== undefined)) {
    throw new WireEncodeError(
      "subgroup header: subgroupId must be present exactly when subgroupIdMode is EXPLICIT",
    );
  }
  let t = StreamType.SUBGROUP_HEADER | (mode << 1);
  if (h.hasExtensions) t |= SubgroupTypeBit.EXTENSIONS;
  if (h.endOfGroup) t |= SubgroupTypeBit.END_OF_GROUP;
  if (h.publisherPriority === undefined) {
    if (p.draft === 14) {
      throw new WireEncodeError("subgroup header: draft-14 requires a publisher priority");
    }
    t |= SubgroupTypeBit.DEFAULT_PRIORITY;
  }
  return t;
}

/** Encoded size of a subgroup header in `version`. */
export function subgroupHeaderSize(h: SubgroupHeader, version: Version): number {
  const p = profileOf(version);
  let n = varintSize(subgroupHeaderType(h, p)) + varintSize(h.trackAlias) + varintSize(h.groupId);
  if (h.subgroupId !== undefined) n += varintSize(h.subgroupId);
  if (h.publisherPriority !== undefined) n += 1;
  return n;
}

/** Writes a subgroup header at the writer's position. */
export function writeSubgroupHeader(w: WireWriter, h: SubgroupHeader, version: Version): void {
  const p = profileOf(version);
  w.varint(subgroupHeaderType(h, p), "stream type");
  w.varint(h.trackAlias, "track alias");
  w.varint(h.groupId, "group ID");
  if (h.subgroupId !== undefined) w.varint(h.subgroupId, "subgroup ID");
  if (h.publisherPriority !== undefined) w.u8(h.publisherPriority, "publisher priority");
}

/** The bytes of a subgroup header (the stream type is chosen from its fields). */
export function encodeSubgroupHeader(h: SubgroupHeader, version: Version): Uint8Array {
  const w = new WireWriter(subgroupHeaderSize(h, version));
  writeSubgroupHeader(w, h, version);
  return w.finish("subgroup header");
}

/** Encoded size of a fetch header. */
export function fetchHeaderSize(h: FetchHeader): number {
  return 1 + varintSize(h.requestId);
}

/** Writes a fetch header at the writer's position. */
export function writeFetchHeader(w: WireWriter, h: FetchHeader): void {
  w.varint(StreamType.FETCH_HEADER, "stream type");
  w.varint(h.requestId, "request ID");
}

/** The bytes of a fetch header (identical in both drafts). */
export function encodeFetchHeader(h: FetchHeader, _version?: Version): Uint8Array {
  const w = new WireWriter(fetchHeaderSize(h));
  writeFetchHeader(w, h);
  return w.finish("fetch header");
}

/** The bytes of either stream header. */
export function encodeStreamHeader(h: StreamHeader, version: Version): Uint8Array {
  return h.kind === "fetch" ? encodeFetchHeader(h) : encodeSubgroupHeader(h, version);
}

/**
 * Reads the stream type and header at the start of a unidirectional stream.
 * Truncated when the bytes end inside the header (wait for more); an unknown or
 * reserved type is malformed (PROTOCOL_VIOLATION: "MUST close the session").
 */
export function decodeStreamHeader(
  bytes: Uint8Array,
  version: Version,
  offset = 0,
): [StreamHeader, number] {
  const p = profileOf(version);
  const r = new WireReader(bytes, offset);
  const h = readStreamHeader(r, p);
  return [h, r.pos - offset];
}

/** Reads a stream header from `r` (see `decodeStreamHeader` for the byte-array form). */
export function readStreamHeader(r: WireReader, p: VersionProfile): StreamHeader {
  const at = r.pos;
  const t = r.varint("stream type");
  if (t === StreamType.FETCH_HEADER) {
    return { kind: "fetch", requestId: r.varint("request ID") };
  }
  if (!isSubgroupType(t, p)) {
    throw malformed(at, `unknown stream type 0x${t.toString(16)} in draft-${p.draft}`);
  }
  const trackAlias = r.varint("track alias");
  const groupId = r.varint("group ID");
  const subgroupIdMode = ((t & SubgroupTypeBit.SUBGROUP_ID_MODE) >> 1) as SubgroupIdMode;
  const h: {
    kind: "subgroup";
    trackAlias: number;
    groupId: number;
    subgroupIdMode: SubgroupIdMode;
    subgroupId?: number;
    publisherPriority?: number;
    hasExtensions: boolean;
    endOfGroup: boolean;
  } = {
    kind: "subgroup",
    trackAlias,
    groupId,
    subgroupIdMode,
    hasExtensions: (t & SubgroupTypeBit.EXTENSIONS) !== 0,
    endOfGroup: (t & SubgroupTypeBit.END_OF_GROUP) !== 0,
  };
  if (subgroupIdMode === SubgroupIdMode.EXPLICIT) h.subgroupId = r.varint("subgroup ID");
  if ((t & SubgroupTypeBit.DEFAULT_PRIORITY) === 0)
    h.publisherPriority = r.u8("publisher priority");
  return h;
}
