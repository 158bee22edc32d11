// draft-14 §"Object Datagram", draft-16 §"Object Datagram".
//   OBJECT_DATAGRAM {
//     Type (i),
//     Track Alias (i),
//     Group ID (i),
//     [Object ID (i),]
//     [Publisher Priority (8),]        // always in d14; absent in d16 with DEFAULT_PRIORITY
//     [Extension Headers Length (i), Extension Headers (..),]
//     [Object Status (i),]
//     [Object Payload (..),]           // the rest of the datagram
//   }
// Type bits (draft-16; draft-14's table uses the same positions): 0x01 EXTENSIONS,
// 0x02 END_OF_GROUP, 0x04 ZERO_OBJECT_ID, 0x08 DEFAULT_PRIORITY (d16), 0x20 STATUS.
// draft-14 types: 0x00..0x07 (payload), 0x20..0x21 (status, Object ID present).
// draft-16 types: 0x00..0x0F, 0x20..0x2F except STATUS together with END_OF_GROUP.
import { malformed, WireDecodeError, WireEncodeError } from "../errors.ts";
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

/** Bits of the OBJECT_DATAGRAM type (§"Object Datagram"); which are valid depends on the draft. */
export const DatagramTypeBit = {
  EXTENSIONS: 0x01,
  END_OF_GROUP: 0x02,
  ZERO_OBJECT_ID: 0x04,
  /** draft-16 only. */
  DEFAULT_PRIORITY: 0x08,
  STATUS: 0x20,
} as const;

/** One Object sent as a QUIC datagram: a payload, or a status when `status` is set. */
export interface ObjectDatagram {
  readonly trackAlias: number;
  readonly groupId: number;
  readonly objectId: number;
  /** Absent only in draft-16 (DEFAULT_PRIORITY): inherit the Track's publisher priority. */
  readonly publisherPriority?: number;
  /** No Object in the Group has a larger Object ID (payload datagrams only). */
  readonly endOfGroup: boolean;
  /** Absent when none; the wire cannot carry an empty Extensions field here. */
  readonly extensions?: readonly KeyValuePair[];
  /** A status datagram when not NORMAL; NORMAL for payload datagrams. */
  readonly status: ObjectStatus;
  /** A view into the datagram (zero-copy); empty for status datagrams. */
  readonly payload: Uint8Array;
}

const EMPTY: Uint8Array = new Uint8Array(0);

function isDatagramType(t: number, p: VersionProfile): boolean {
  if (p.draft === 14) return t <= 0x07 || t === 0x20 || t === 0x21;
  if (t > 0x2f || (t & 0x10) !== 0) return false;
  return (t & 0x22) !== 0x22;
}

/**
 * The datagram type for `d`: a status datagram exactly when the status is not
 * NORMAL; the Object ID is omitted whenever it is 0 and the draft has a type for that.
 */
export function datagramType(d: ObjectDatagram, p: VersionProfile): number {
  const hasExt = d.extensions !== undefined && d.extensions.length > 0;
  checkObjectStatus(d.status, d.payload.length, hasExt, p, "object datagram");
  const isStatus = d.status !== ObjectStatus.NORMAL;
  let t = isStatus ? DatagramTypeBit.STATUS : 0;
  if (hasExt) t |= DatagramTypeBit.EXTENSIONS;
  if (d.endOfGroup) {
    if (isStatus)
      throw new WireEncodeError("object datagram: a status datagram cannot end a group");
    t |= DatagramTypeBit.END_OF_GROUP;
  }
  if (d.objectId === 0 && (p.draft === 16 || !isStatus)) t |= DatagramTypeBit.ZERO_OBJECT_ID;
  if (d.publisherPriority === undefined) {
    if (p.draft === 14) {
      throw new WireEncodeError("object datagram: draft-14 requires a publisher priority");
    }
    t |= DatagramTypeBit.DEFAULT_PRIORITY;
  }
  return t;
}

/** Encoded size of `d` in `version`. */
export function datagramSize(d: ObjectDatagram, version: Version): number {
  const p = profileOf(version);
  const t = datagramType(d, p);
  let n = 1 + varintSize(d.trackAlias) + varintSize(d.groupId);
  if ((t & DatagramTypeBit.ZERO_OBJECT_ID) === 0) n += varintSize(d.objectId);
  if (d.publisherPriority !== undefined) n += 1;
  if (t & DatagramTypeBit.EXTENSIONS) n += extensionsSize(d.extensions, p);
  return t & DatagramTypeBit.STATUS ? n + varintSize(d.status) : n + d.payload.length;
}

/** Writes `d` at the writer's position; the writer must have `datagramSize` bytes left. */
export function writeDatagram(w: WireWriter, d: ObjectDatagram, version: Version): void {
  const p = profileOf(version);
  const t = datagramType(d, p);
  w.varint(t, "datagram type");
  w.varint(d.trackAlias, "track alias");
  w.varint(d.groupId, "group ID");
  if ((t & DatagramTypeBit.ZERO_OBJECT_ID) === 0) w.varint(d.objectId, "object ID");
  if (d.publisherPriority !== undefined) w.u8(d.publisherPriority, "publisher priority");
  if (t & DatagramTypeBit.EXTENSIONS) writeExtensions(w, d.extensions, p);
  if (t & DatagramTypeBit.STATUS) w.varint(d.status, "object status");
  else w.bytes(d.payload);
}

/** The bytes of one whole datagram (the type is chosen from the fields of `d`). */
export function encodeDatagram(d: ObjectDatagram, version: Version): Uint8Array {
  const w = new WireWriter(datagramSize(d, version));
  writeDatagram(w, d, version);
  return w.finish("object datagram");
}

/**
 * Decodes a whole QUIC datagram. Nothing more can arrive, so a datagram that ends
 * early is malformed, as are bytes left after a status datagram.
 */
export function decodeDatagram(bytes: Uint8Array, version: Version): [ObjectDatagram, number] {
  const p = profileOf(version);
  const r = new WireReader(bytes);
  try {
    return [readDatagram(r, p), bytes.length];
  } catch (e) {
    if (e instanceof WireDecodeError && e.truncated) {
      throw malformed(e.offset, "object datagram ends inside its header");
    }
    throw e;
  }
}

function readDatagram(r: WireReader, p: VersionProfile): ObjectDatagram {
  const t = r.varint("datagram type");
  if (!isDatagramType(t, p)) {
    throw malformed(0, `unknown datagram type 0x${t.toString(16)} in draft-${p.draft}`);
  }
  const trackAlias = r.varint("track alias");
  const groupId = r.varint("group ID");
  const objectId = t & DatagramTypeBit.ZERO_OBJECT_ID ? 0 : r.varint("object ID");
  const d: {
    trackAlias: number;
    groupId: number;
    objectId: number;
    publisherPriority?: number;
    endOfGroup: boolean;
    extensions?: KeyValuePair[];
    status: ObjectStatus;
    payload: Uint8Array;
  } = {
    trackAlias,
    groupId,
    objectId,
    endOfGroup: (t & DatagramTypeBit.END_OF_GROUP) !== 0,
    status: ObjectStatus.NORMAL,
    payload: EMPTY,
  };
  if ((t & DatagramTypeBit.DEFAULT_PRIORITY) === 0)
    d.publisherPriority = r.u8("publisher priority");
  const extAt = r.pos;
  if (t & DatagramTypeBit.EXTENSIONS) {
    const exts = readExtensions(r, p);
    if (exts === undefined) {
      throw malformed(extAt, "EXTENSIONS type with an Extension Headers Length of 0");
    }
    d.extensions = exts;
  }
  if (t & DatagramTypeBit.STATUS) {
    d.status = readObjectStatus(r, p);
    if (d.extensions !== undefined && !statusAllowsExtensions(d.status, p)) {
      throw malformed(extAt, `an object with status ${d.status} cannot carry extensions`);
    }
    if (!r.atEnd()) throw malformed(r.pos, "bytes after the object status");
  } else {
    d.payload = r.bytes(r.remaining, "object payload");
  }
  return d;
}
