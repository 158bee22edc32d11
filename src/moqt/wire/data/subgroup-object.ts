// draft-14 §"Subgroup Header" (MOQT Subgroup Object Fields),
// draft-16 §"Subgroup Header" (MOQT Subgroup Object Fields).
//   {
//     Object ID Delta (i),
//     [Extension Headers Length (i), Extension Headers (..),]  // when the type has EXTENSIONS
//     Object Payload Length (i),
//     [Object Status (i),]                                      // only when the length is 0
//     [Object Payload (..),]
//   }
// Both drafts: the first Object's ID is the delta; each later Object's ID is the
// previous Object ID + delta + 1.
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
import type { SubgroupHeader } from "./stream-header.ts";

/** One Object on a subgroup stream. Group, Subgroup and Track come from the header. */
export interface SubgroupObject {
  readonly objectId: number;
  /** Absent when the Object has none (or the header type carries no Extensions field). */
  readonly extensions?: readonly KeyValuePair[];
  /** NORMAL for every Object with a payload. */
  readonly status: ObjectStatus;
  /** A view into the decoded buffer (zero-copy); empty for status Objects. */
  readonly payload: Uint8Array;
}

const EMPTY: Uint8Array = new Uint8Array(0);

function objectIdDelta(objectId: number, prevObjectId: number | undefined): number {
  if (prevObjectId === undefined) return objectId;
  const d = objectId - prevObjectId - 1;
  if (!(d >= 0)) {
    throw new WireEncodeError(
      `subgroup object: object ID ${objectId} must be greater than the previous ${prevObjectId}`,
    );
  }
  return d;
}

function check(o: SubgroupObject, h: SubgroupHeader, p: VersionProfile): void {
  const hasExt = o.extensions !== undefined && o.extensions.length > 0;
  if (hasExt && !h.hasExtensions) {
    throw new WireEncodeError("subgroup object: extensions on a stream whose type has none");
  }
  if (o.status === ObjectStatus.NORMAL) return;
  checkObjectStatus(o.status, o.payload.length, hasExt, p, "subgroup object");
}

/** Bytes `writeSubgroupObject` will write; also validates the object. */
export function subgroupObjectSize(
  o: SubgroupObject,
  h: SubgroupHeader,
  prevObjectId: number | undefined,
  version: Version,
): number {
  const p = profileOf(version);
  check(o, h, p);
  const len = o.payload.length;
  let n = varintSize(objectIdDelta(o.objectId, prevObjectId)) + varintSize(len);
  if (h.hasExtensions) n += extensionsSize(o.extensions, p);
  return len === 0 ? n + varintSize(o.status) : n + len;
}

/** Writes one Object after the header (or the previous Object) into `w`. */
export function writeSubgroupObject(
  w: WireWriter,
  o: SubgroupObject,
  h: SubgroupHeader,
  prevObjectId: number | undefined,
  version: Version,
): void {
  const p = profileOf(version);
  check(o, h, p);
  w.varint(objectIdDelta(o.objectId, prevObjectId), "object ID delta");
  if (h.hasExtensions) writeExtensions(w, o.extensions, p);
  const payload = o.payload;
  const len = payload.length;
  w.varint(len, "object payload length");
  if (len === 0) w.varint(o.status, "object status");
  else w.bytes(payload);
}

/** The bytes of one Object on a subgroup stream, in one allocation. */
export function encodeSubgroupObject(
  o: SubgroupObject,
  h: SubgroupHeader,
  prevObjectId: number | undefined,
  version: Version,
): Uint8Array {
  const size = subgroupObjectSize(o, h, prevObjectId, version);
  const w = new WireWriter(size);
  writeSubgroupObject(w, o, h, prevObjectId, version);
  return w.finish("subgroup object");
}

/** A varint's value at `pos`, or -1 when its bytes are not all in `bytes` (no exception). */
function varintOrNeedMore(bytes: Uint8Array, pos: number): number {
  if (pos >= bytes.length) return -1;
  const first = bytes[pos]!;
  const len = 1 << (first >> 6);
  if (pos + len > bytes.length) return -1;
  let v = first & 0x3f;
  for (let i = 1; i < len; i++) v = v * 256 + bytes[pos + i]!;
  return v;
}

/**
 * Where the Object starting at `offset` ends, or -1 when `bytes` ends inside it and
 * more must arrive — the stream path's "need more bytes" check, without the cost of a
 * thrown and caught `truncated` error per Object that straddles reads. It only walks
 * the length fields (same layout as `readSubgroupObject`); a result >= 0 means the
 * decoder has every byte it needs and will either decode the Object or report it
 * malformed (a value beyond 2^53-1 is left to the decoder to refuse).
 */
export function subgroupObjectEnd(
  bytes: Uint8Array,
  offset: number,
  hasExtensions: boolean,
): number {
  if (offset >= bytes.length) return -1;
  let pos = offset + (1 << (bytes[offset]! >> 6)); // Object ID Delta
  if (hasExtensions) {
    const extLen = varintOrNeedMore(bytes, pos);
    if (extLen < 0) return -1;
    if (extLen > Number.MAX_SAFE_INTEGER) return offset;
    pos += (1 << (bytes[pos]! >> 6)) + extLen;
  }
  const len = varintOrNeedMore(bytes, pos);
  if (len < 0) return -1;
  if (len > Number.MAX_SAFE_INTEGER) return offset;
  pos += 1 << (bytes[pos]! >> 6);
  if (len === 0) {
    if (pos >= bytes.length) return -1;
    pos += 1 << (bytes[pos]! >> 6); // Object Status
  } else {
    pos += len;
  }
  return pos <= bytes.length ? pos : -1;
}

/**
 * Decodes one Object starting at `offset`. `prevObjectId` is the previous Object's
 * ID on this stream, `undefined` for the first. Throws a `truncated` WireDecodeError
 * when the bytes end inside the Object (more may arrive), `malformed` otherwise.
 */
export function decodeSubgroupObject(
  bytes: Uint8Array,
  offset: number,
  h: SubgroupHeader,
  prevObjectId: number | undefined,
  version: Version,
): [SubgroupObject, number] {
  const r = new WireReader(bytes, offset);
  const o = readSubgroupObject(r, h, prevObjectId, profileOf(version));
  return [o, r.pos - offset];
}

/** Reads one subgroup Object from `r` (see `decodeSubgroupObject` for the byte-array form). */
export function readSubgroupObject(
  r: WireReader,
  h: SubgroupHeader,
  prevObjectId: number | undefined,
  p: VersionProfile,
): SubgroupObject {
  const at = r.pos;
  let objectId = r.varint("object ID delta");
  if (prevObjectId !== undefined) {
    objectId += prevObjectId + 1;
    if (objectId > Number.MAX_SAFE_INTEGER) throw malformed(at, "object ID overflows");
  }
  const extAt = r.pos;
  const extensions = h.hasExtensions ? readExtensions(r, p) : undefined;
  const len = r.varint("object payload length");
  let status: ObjectStatus = ObjectStatus.NORMAL;
  let payload = EMPTY;
  if (len === 0) {
    status = readObjectStatus(r, p);
    if (extensions !== undefined && !statusAllowsExtensions(status, p)) {
      throw malformed(extAt, `an object with status ${status} cannot carry extensions`);
    }
  } else {
    payload = r.bytes(len, "object payload");
  }
  if (extensions === undefined) return { objectId, status, payload };
  return { objectId, extensions, status, payload };
}
