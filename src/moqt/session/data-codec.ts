// The one seam between the session layer and the data-plane codec (wire/data/).
// Every data-plane encode/decode the session performs goes through these
// functions, so a change of that API stays local to this file.
import {
  decodeDatagram,
  decodeFetchObject,
  decodeStreamHeader,
  decodeSubgroupObject,
  encodeDatagram,
  encodeFetchHeader,
  encodeSubgroupHeader,
  type FetchHeader,
  type FetchItem,
  type FetchObject,
  fetchObjectSize,
  type ObjectDatagram,
  type StreamHeader,
  type SubgroupHeader,
  SubgroupIdMode,
  type SubgroupObject,
  subgroupIdOf,
  subgroupObjectSize,
  writeFetchObject,
  writeSubgroupObject,
} from "../wire/data/index.ts";
import type { Version } from "../wire/version.ts";
import { WireWriter } from "../wire/writer.ts";

/** The data-plane types the session layer uses. */
export type {
  FetchHeader,
  FetchItem,
  FetchObject,
  ObjectDatagram,
  StreamHeader,
  SubgroupHeader,
  SubgroupObject,
};
export { SubgroupIdMode, subgroupIdOf };

/** Decodes a stream header at `offset`: [header, bytes read]; throws `truncated` when incomplete. */
export function readStreamHeader(
  bytes: Uint8Array,
  offset: number,
  version: Version,
): [StreamHeader, number] {
  return decodeStreamHeader(bytes, version, offset);
}

/** Decodes one subgroup Object at `offset`; payload is a view into `bytes`. */
export function readSubgroupObject(
  bytes: Uint8Array,
  offset: number,
  header: SubgroupHeader,
  prevObjectId: number | undefined,
  version: Version,
): [SubgroupObject, number] {
  return decodeSubgroupObject(bytes, offset, header, prevObjectId, version);
}

/** Decodes one FETCH stream item at `offset`, given the previous item and Object. */
export function readFetchItem(
  bytes: Uint8Array,
  offset: number,
  prev: FetchItem | undefined,
  prevObject: FetchObject | undefined,
  version: Version,
): [FetchItem, number] {
  return decodeFetchObject(bytes, offset, prev, prevObject, version);
}

/** A stream header's bytes (SUBGROUP_HEADER or FETCH_HEADER). */
export function encodeStreamHeader(header: StreamHeader, version: Version): Uint8Array {
  return header.kind === "fetch"
    ? encodeFetchHeader(header)
    : encodeSubgroupHeader(header, version);
}

/** One subgroup Object's bytes, written in a single allocation. */
export function encodeSubgroupObject(
  obj: SubgroupObject,
  header: SubgroupHeader,
  prevObjectId: number | undefined,
  version: Version,
): Uint8Array {
  const w = new WireWriter(subgroupObjectSize(obj, header, prevObjectId, version));
  writeSubgroupObject(w, obj, header, prevObjectId, version);
  return w.finish("subgroup object");
}

/** One FETCH stream item's bytes. */
export function encodeFetchItem(
  item: FetchItem,
  prev: FetchItem | undefined,
  prevObject: FetchObject | undefined,
  version: Version,
): Uint8Array {
  const w = new WireWriter(fetchObjectSize(item, prev, prevObject, version));
  writeFetchObject(w, item, prev, prevObject, version);
  return w.finish("fetch object");
}

/** One Object datagram's bytes. */
export function encodeObjectDatagram(d: ObjectDatagram, version: Version): Uint8Array {
  return encodeDatagram(d, version);
}

/** Decodes a whole datagram; payload is a view into `bytes`. */
export function decodeObjectDatagram(bytes: Uint8Array, version: Version): ObjectDatagram {
  return decodeDatagram(bytes, version)[0];
}
