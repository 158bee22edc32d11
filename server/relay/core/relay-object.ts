// One Object as the relay holds it: every Canonical Object Property (draft-14/16
// §"Canonical Object Properties") with a resolved publisher priority and an owned
// payload, plus what the relay needs to re-encode it for another draft.
import type {
  FetchObject,
  ObjectDatagram,
  SubgroupObject,
} from "../../../src/moqt/session/index.ts";
import {
  ExtensionHeaderType,
  immutableExtensionsPair,
  ObjectStatus,
  readImmutableExtensions,
  withExtension,
} from "../../../src/moqt/wire/data/index.ts";
import { type KeyValuePair, PROFILES, type Version } from "../../../src/moqt/wire/index.ts";

/** An Object received from a publisher. */
export interface RelayObject {
  readonly groupId: number;
  /** Absent for Forwarding Preference Datagram. */
  readonly subgroupId: number | undefined;
  readonly objectId: number;
  /** The header's priority, or the track's default when the header inherits it. */
  readonly publisherPriority: number;
  readonly status: ObjectStatus;
  readonly extensions: readonly KeyValuePair[] | undefined;
  /** A copy owned by the relay: never a view into a transport buffer. */
  readonly payload: Uint8Array;
  /** The draft its extensions were encoded in (Immutable Extensions nest a draft-specific block). */
  readonly version: Version;
  /** Datagram only: no larger Object ID exists in the Group. */
  readonly endOfGroup: boolean;
  /** Relay clock time of arrival (MAX_CACHE_DURATION). */
  readonly receivedAtMs: number;
}

/** Bytes an Object costs in queues and the cache (payload, extensions, headers). */
export function objectCost(o: RelayObject): number {
  let n = 24 + o.payload.length;
  if (o.extensions === undefined) return n;
  for (const e of o.extensions) n += 4 + (typeof e.value === "number" ? 8 : e.value.length);
  return n;
}

/** Whether `target` can carry `o` at all (draft-16 has no "Object Does Not Exist"). */
export function representable(o: RelayObject, target: Version): boolean {
  return !(o.status === ObjectStatus.DOES_NOT_EXIST && PROFILES[target].draft === 16);
}

/**
 * The Object's extensions for a peer speaking `target`. Unknown extensions pass
 * unchanged (§"Extension Headers": MUST be forwarded). Across drafts the nested
 * Immutable Extensions block is re-serialized with the same pairs, since its
 * encoding differs between the drafts; draft-16 allows extensions only on
 * Normal Objects (§"Object Extension Headers").
 */
export function extensionsFor(o: RelayObject, target: Version): KeyValuePair[] | undefined {
  const exts = o.extensions;
  if (exts === undefined || exts.length === 0) return undefined;
  if (o.version === target) return [...exts];
  if (PROFILES[target].draft === 16 && o.status !== ObjectStatus.NORMAL) return undefined;
  const inner = readImmutableExtensions(exts, o.version);
  const sorted = [...exts].sort((a, b) => a.type - b.type);
  if (inner === undefined) return sorted;
  return withExtension(sorted, immutableExtensionsPair(inner, target));
}

/** The Object as a subgroup stream Object for `target`; `extra` is added (e.g. the capability). */
export function toSubgroupObject(
  o: RelayObject,
  target: Version,
  extra?: KeyValuePair,
): SubgroupObject {
  let exts = extensionsFor(o, target);
  if (extra !== undefined && o.status === ObjectStatus.NORMAL) exts = withExtension(exts, extra);
  return {
    objectId: o.objectId,
    status: o.status,
    payload: o.payload,
    ...(exts !== undefined && exts.length > 0 && { extensions: exts }),
  };
}

/** The Object as a datagram under `trackAlias` for `target`. */
export function toDatagram(
  o: RelayObject,
  trackAlias: number,
  target: Version,
  extra?: KeyValuePair,
): ObjectDatagram {
  let exts = extensionsFor(o, target);
  if (extra !== undefined && o.status === ObjectStatus.NORMAL) exts = withExtension(exts, extra);
  return {
    trackAlias,
    groupId: o.groupId,
    objectId: o.objectId,
    publisherPriority: o.publisherPriority,
    endOfGroup: o.endOfGroup && o.status === ObjectStatus.NORMAL,
    status: o.status,
    payload: o.payload,
    ...(exts !== undefined && exts.length > 0 && { extensions: exts }),
  };
}

/**
 * The Object as a FETCH stream Object for `target`; undefined when that draft's
 * FETCH cannot carry it (draft-16 FETCH Objects have no Object Status).
 */
export function toFetchObject(o: RelayObject, target: Version): FetchObject | undefined {
  if (PROFILES[target].draft === 16 && o.status !== ObjectStatus.NORMAL) return undefined;
  const exts = extensionsFor(o, target);
  return {
    kind: "object",
    groupId: o.groupId,
    ...(o.subgroupId !== undefined && { subgroupId: o.subgroupId }),
    objectId: o.objectId,
    publisherPriority: o.publisherPriority,
    status: o.status,
    payload: o.payload,
    ...(exts !== undefined && exts.length > 0 && { extensions: exts }),
  };
}

/** True for the Object types that end a Group (status End of Group / End of Track). */
export function endsGroup(o: RelayObject): boolean {
  return o.status === ObjectStatus.END_OF_GROUP || o.status === ObjectStatus.END_OF_TRACK;
}

export { ExtensionHeaderType };
