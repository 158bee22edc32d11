// draft-14 §"Fetch Header" (MOQT Fetch Object Fields):
//   { Group ID (i), Subgroup ID (i), Object ID (i), Publisher Priority (8),
//     Extension Headers Length (i), [Extension headers (..)],
//     Object Payload Length (i), [Object Status (i)], Object Payload (..) }
// draft-16 §"Fetch Header", §"Flags", §"End of Range":
//   { Serialization Flags (i), [Group ID (i),] [Subgroup ID (i),] [Object ID (i),]
//     [Publisher Priority (8),] [Extensions (..),] Object Payload Length (i),
//     [Object Payload (..),] }
//   Flags < 0x80: 0x03 subgroup mode (0 zero, 1 prior, 2 prior + 1, 3 present),
//   0x04 Object ID present (else prior + 1), 0x08 Group ID present (else prior),
//   0x10 Priority present (else prior), 0x20 Extensions present, 0x40 Datagram
//   (no Subgroup ID; the two low bits are ignored).
//   0x8C End of Non-Existent Range / 0x10C End of Unknown Range: Group ID (i),
//   Object ID (i) and nothing else. Any other value is a PROTOCOL_VIOLATION.
// draft-16 FETCH Objects carry no Object Status.
import { malformed, WireEncodeError } from "../errors.ts";
import type { KeyValuePair } from "../key-value.ts";
import { WireReader } from "../reader.ts";
import type { Version, VersionProfile } from "../version.ts";
import { profileOf } from "../version.ts";
import { varintSize, WireWriter } from "../writer.ts";
import { extensionsSize, readExtensions, writeExtensions } from "./extensions.ts";
import {
  checkObjectStatus,
  ObjectStatus,
  readObjectStatus,
  statusAllowsExtensions,
} from "./object-status.ts";

/** draft-16 §"Flags" and §"End of Range": Serialization Flags values. */
export const FetchFlag = {
  SUBGROUP_MODE: 0x03,
  SUBGROUP_ZERO: 0x00,
  SUBGROUP_PRIOR: 0x01,
  SUBGROUP_NEXT: 0x02,
  SUBGROUP_PRESENT: 0x03,
  OBJECT_ID: 0x04,
  GROUP_ID: 0x08,
  PRIORITY: 0x10,
  EXTENSIONS: 0x20,
  DATAGRAM: 0x40,
  END_OF_NON_EXISTENT_RANGE: 0x8c,
  END_OF_UNKNOWN_RANGE: 0x10c,
} as const;

/** One Object on a FETCH stream, with every property the stream carries for it. */
export interface FetchObject {
  readonly kind: "object";
  readonly groupId: number;
  /**
   * Absent for an Object with Forwarding Preference Datagram (draft-16 flag 0x40).
   * draft-14 has no such marker: it writes the Object ID as the Subgroup ID instead.
   */
  readonly subgroupId?: number;
  readonly objectId: number;
  readonly publisherPriority: number;
  readonly extensions?: readonly KeyValuePair[];
  /** Always NORMAL in draft-16, which has no Object Status on FETCH streams. */
  readonly status: ObjectStatus;
  readonly payload: Uint8Array;
}

/** draft-16 §"End of Range": every Object after the previous item up to this Location is absent. */
export interface FetchEndOfRange {
  readonly kind: "endOfRange";
  /** "nonExistent" (0x8C): the Objects do not exist; "unknown" (0x10C): their status is unknown. */
  readonly range: "nonExistent" | "unknown";
  readonly groupId: number;
  readonly objectId: number;
}

/** An item of a FETCH stream: an Object, or (draft-16) an End of Range marker. */
export type FetchItem = FetchObject | FetchEndOfRange;

const EMPTY: Uint8Array = new Uint8Array(0);

// --- draft-16 flag choice -----------------------------------------------------------

/** The Serialization Flags this encoder uses: every field that can be elided is. */
function flagsFor(
  item: FetchItem,
  prev: FetchItem | undefined,
  prevObject: FetchObject | undefined,
): number {
  if (item.kind === "endOfRange") {
    if (item.range === "nonExistent") return FetchFlag.END_OF_NON_EXISTENT_RANGE;
    if (item.range === "unknown") return FetchFlag.END_OF_UNKNOWN_RANGE;
    throw new WireEncodeError(`fetch end of range: invalid range ${String(item.range)}`);
  }
  let f = 0;
  const sg = item.subgroupId;
  if (sg === undefined) f |= FetchFlag.DATAGRAM;
  else if (sg === 0) f |= FetchFlag.SUBGROUP_ZERO;
  else if (prevObject?.subgroupId === sg) f |= FetchFlag.SUBGROUP_PRIOR;
  else if (prevObject?.subgroupId !== undefined && prevObject.subgroupId + 1 === sg) {
    f |= FetchFlag.SUBGROUP_NEXT;
  } else f |= FetchFlag.SUBGROUP_PRESENT;
  if (prev === undefined || item.objectId !== prev.objectId + 1) f |= FetchFlag.OBJECT_ID;
  if (prev === undefined || item.groupId !== prev.groupId) f |= FetchFlag.GROUP_ID;
  if (prevObject === undefined || item.publisherPriority !== prevObject.publisherPriority) {
    f |= FetchFlag.PRIORITY;
  }
  if (item.extensions !== undefined && item.extensions.length > 0) f |= FetchFlag.EXTENSIONS;
  return f;
}

function check(item: FetchItem, p: VersionProfile): void {
  if (item.kind === "endOfRange") {
    if (p.draft === 14) throw new WireEncodeError("fetch: End of Range does not exist in draft-14");
    return;
  }
  if (p.draft === 16 && item.status !== ObjectStatus.NORMAL) {
    throw new WireEncodeError("fetch object: draft-16 FETCH objects carry no Object Status");
  }
  const hasExt = item.extensions !== undefined && item.extensions.length > 0;
  checkObjectStatus(item.status, item.payload.length, hasExt, p, "fetch object");
}

// --- size / write / encode -------------------------------------------------------------

/** Bytes `writeFetchObject` will write; also validates the item. */
export function fetchObjectSize(
  item: FetchItem,
  prev: FetchItem | undefined,
  prevObject: FetchObject | undefined,
  version: Version,
): number {
  const p = profileOf(version);
  check(item, p);
  if (item.kind === "endOfRange") {
    return 2 + varintSize(item.groupId) + varintSize(item.objectId);
  }
  const len = item.payload.length;
  const tail = varintSize(len) + (len === 0 && p.draft === 14 ? varintSize(item.status) : len);
  if (p.draft === 14) {
    return (
      varintSize(item.groupId) +
      varintSize(item.subgroupId ?? item.objectId) +
      varintSize(item.objectId) +
      1 +
      extensionsSize(item.extensions, p) +
      tail
    );
  }
  const f = flagsFor(item, prev, prevObject);
  let n = varintSize(f) + tail;
  if (f & FetchFlag.GROUP_ID) n += varintSize(item.groupId);
  if ((f & (FetchFlag.DATAGRAM | FetchFlag.SUBGROUP_MODE)) === FetchFlag.SUBGROUP_PRESENT) {
    n += varintSize(item.subgroupId ?? 0);
  }
  if (f & FetchFlag.OBJECT_ID) n += varintSize(item.objectId);
  if (f & FetchFlag.PRIORITY) n += 1;
  if (f & FetchFlag.EXTENSIONS) n += extensionsSize(item.extensions, p);
  return n;
}

/** Writes one FETCH stream item at the writer's position (see `encodeFetchObject`). */
export function writeFetchObject(
  w: WireWriter,
  item: FetchItem,
  prev: FetchItem | undefined,
  prevObject: FetchObject | undefined,
  version: Version,
): void {
  const p = profileOf(version);
  check(item, p);
  if (item.kind === "endOfRange") {
    w.varint(flagsFor(item, prev, prevObject), "serialization flags");
    w.varint(item.groupId, "group ID");
    w.varint(item.objectId, "object ID");
    return;
  }
  if (p.draft === 14) {
    w.varint(item.groupId, "group ID");
    w.varint(item.subgroupId ?? item.objectId, "subgroup ID");
    w.varint(item.objectId, "object ID");
    w.u8(item.publisherPriority, "publisher priority");
    writeExtensions(w, item.extensions, p);
  } else {
    const f = flagsFor(item, prev, prevObject);
    w.varint(f, "serialization flags");
    if (f & FetchFlag.GROUP_ID) w.varint(item.groupId, "group ID");
    if ((f & (FetchFlag.DATAGRAM | FetchFlag.SUBGROUP_MODE)) === FetchFlag.SUBGROUP_PRESENT) {
      w.varint(item.subgroupId ?? 0, "subgroup ID");
    }
    if (f & FetchFlag.OBJECT_ID) w.varint(item.objectId, "object ID");
    if (f & FetchFlag.PRIORITY) w.u8(item.publisherPriority, "publisher priority");
    if (f & FetchFlag.EXTENSIONS) writeExtensions(w, item.extensions, p);
  }
  const len = item.payload.length;
  w.varint(len, "object payload length");
  if (len === 0) {
    if (p.draft === 14) w.varint(item.status, "object status");
  } else w.bytes(item.payload);
}

/**
 * One item of a FETCH stream. `prev` is the previous item on the stream (its Group
 * and Object IDs are the "prior" ones, End of Range included) and `prevObject` the
 * last actual Object (its Subgroup ID and Priority are the prior ones); both
 * `undefined` for the first item, ignored by draft-14. draft-16 elides every field
 * the flags let it derive from them.
 */
export function encodeFetchObject(
  item: FetchItem,
  prev: FetchItem | undefined,
  prevObject: FetchObject | undefined,
  version: Version,
): Uint8Array {
  const w = new WireWriter(fetchObjectSize(item, prev, prevObject, version));
  writeFetchObject(w, item, prev, prevObject, version);
  return w.finish("fetch object");
}

// --- decode ---------------------------------------------------------------------------

/**
 * Decodes one item of a FETCH stream at `offset`. `prev` is the previous item on
 * the stream (End of Range included) and `prevObject` the last actual Object;
 * both `undefined` for the first item. Truncated when the bytes end inside the
 * item, malformed otherwise.
 */
export function decodeFetchObject(
  bytes: Uint8Array,
  offset: number,
  prev: FetchItem | undefined,
  prevObject: FetchObject | undefined,
  version: Version,
): [FetchItem, number] {
  const p = profileOf(version);
  const r = new WireReader(bytes, offset);
  const item = p.draft === 14 ? readFetchObject14(r, p) : readFetchObject16(r, prev, prevObject, p);
  return [item, r.pos - offset];
}

function readTail(
  r: WireReader,
  p: VersionProfile,
  extAt: number,
  groupId: number,
  subgroupId: number | undefined,
  objectId: number,
  publisherPriority: number,
  extensions: KeyValuePair[] | undefined,
): FetchObject {
  const len = r.varint("object payload length");
  let status: ObjectStatus = ObjectStatus.NORMAL;
  let payload = EMPTY;
  if (len !== 0) payload = r.bytes(len, "object payload");
  else if (p.draft === 14) {
    status = readObjectStatus(r, p);
    if (extensions !== undefined && !statusAllowsExtensions(status, p)) {
      throw malformed(extAt, `an object with status ${status} cannot carry extensions`);
    }
  }
  const o: {
    kind: "object";
    groupId: number;
    subgroupId?: number;
    objectId: number;
    publisherPriority: number;
    extensions?: KeyValuePair[];
    status: ObjectStatus;
    payload: Uint8Array;
  } = { kind: "object", groupId, objectId, publisherPriority, status, payload };
  if (subgroupId !== undefined) o.subgroupId = subgroupId;
  if (extensions !== undefined) o.extensions = extensions;
  return o;
}

function readFetchObject14(r: WireReader, p: VersionProfile): FetchObject {
  const groupId = r.varint("group ID");
  const subgroupId = r.varint("subgroup ID");
  const objectId = r.varint("object ID");
  const publisherPriority = r.u8("publisher priority");
  const extAt = r.pos;
  const extensions = readExtensions(r, p);
  return readTail(r, p, extAt, groupId, subgroupId, objectId, publisherPriority, extensions);
}

function readFetchObject16(
  r: WireReader,
  prev: FetchItem | undefined,
  prevObject: FetchObject | undefined,
  p: VersionProfile,
): FetchItem {
  const at = r.pos;
  const f = r.varint("serialization flags");
  if (f >= 0x80) {
    if (f !== FetchFlag.END_OF_NON_EXISTENT_RANGE && f !== FetchFlag.END_OF_UNKNOWN_RANGE) {
      throw malformed(at, `invalid serialization flags 0x${f.toString(16)}`);
    }
    const groupId = r.varint("group ID");
    const objectId = r.varint("object ID");
    const range = f === FetchFlag.END_OF_NON_EXISTENT_RANGE ? "nonExistent" : "unknown";
    return { kind: "endOfRange", range, groupId, objectId };
  }
  // References to a prior item that does not exist are refused before any field is read.
  const datagram = (f & FetchFlag.DATAGRAM) !== 0;
  const mode = f & FetchFlag.SUBGROUP_MODE;
  const refsSubgroup =
    !datagram && (mode === FetchFlag.SUBGROUP_PRIOR || mode === FetchFlag.SUBGROUP_NEXT);
  if (prev === undefined && (f & (FetchFlag.GROUP_ID | FetchFlag.OBJECT_ID)) !== 0x0c) {
    throw malformed(at, "first FETCH item refers to a prior Group or Object ID");
  }
  if (prevObject === undefined && (refsSubgroup || (f & FetchFlag.PRIORITY) === 0)) {
    throw malformed(at, "FETCH object refers to the Subgroup ID or Priority of no prior Object");
  }
  if (refsSubgroup && prevObject?.subgroupId === undefined) {
    throw malformed(at, "FETCH object refers to the Subgroup ID of a prior Datagram object");
  }
  const groupId = f & FetchFlag.GROUP_ID ? r.varint("group ID") : prev!.groupId;
  let subgroupId: number | undefined;
  if (!datagram) {
    if (mode === FetchFlag.SUBGROUP_ZERO) subgroupId = 0;
    else if (mode === FetchFlag.SUBGROUP_PRESENT) subgroupId = r.varint("subgroup ID");
    else {
      subgroupId = prevObject!.subgroupId! + (mode === FetchFlag.SUBGROUP_NEXT ? 1 : 0);
      if (subgroupId > Number.MAX_SAFE_INTEGER) throw malformed(at, "subgroup ID overflows");
    }
  }
  let objectId: number;
  if (f & FetchFlag.OBJECT_ID) objectId = r.varint("object ID");
  else {
    objectId = prev!.objectId + 1;
    if (objectId > Number.MAX_SAFE_INTEGER) throw malformed(at, "object ID overflows");
  }
  const publisherPriority =
    f & FetchFlag.PRIORITY ? r.u8("publisher priority") : prevObject!.publisherPriority;
  const extAt = r.pos;
  const extensions = f & FetchFlag.EXTENSIONS ? readExtensions(r, p) : undefined;
  return readTail(r, p, extAt, groupId, subgroupId, objectId, publisherPriority, extensions);
}
