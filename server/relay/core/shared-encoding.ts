// An Object's subgroup-stream bytes, encoded once and written as the same buffer to
// every subscriber stream that needs that form. draft-14/16 §"Subgroup Header": an
// Object's fields on the stream depend only on the draft, on whether the stream
// type has an Extensions field, and on the previous Object ID (Object ID Delta);
// what differs per subscriber — Track Alias — sits in the stream header alone,
// and the relay numbers its subscriptions alike in every session, so a new
// stream's header with its first Object is usually shared too.
import {
  encodeSubgroupObject,
  type SubgroupHeader,
  subgroupHeaderSize,
  writeSubgroupHeader,
} from "../../../src/moqt/wire/data/index.ts";
import type { KeyValuePair, Version } from "../../../src/moqt/wire/index.ts";
import { WireWriter } from "../../../src/moqt/wire/writer.ts";
import { objectCost, type RelayObject, toSubgroupObject } from "./relay-object.ts";

/** The encodings of one Object during its fan-out; usually a single one. */
export class SharedEncoding {
  private version: Version | undefined;
  private hasExtensions = false;
  private prevObjectId: number | undefined;
  private bytes: Uint8Array | undefined;
  private others: Map<string, Uint8Array> | undefined;
  private key: string | undefined;
  private queuedCost: number | undefined;
  /** The first stream header + Object encoding made, and the others by `headKey`. */
  private head:
    | { readonly target: Version; readonly header: SubgroupHeader; readonly bytes: Uint8Array }
    | undefined;
  private otherHeads: Map<string, Uint8Array> | undefined;

  constructor(readonly object: RelayObject) {}

  /** "Group:Subgroup", the key of the Object's stream in every subscription (built once). */
  get streamKey(): string {
    this.key ??= `${this.object.groupId}:${this.object.subgroupId ?? 0}`;
    return this.key;
  }

  /** The Object's `objectCost` (queue accounting), computed once for every subscriber. */
  get cost(): number {
    this.queuedCost ??= objectCost(this.object);
    return this.queuedCost;
  }

  /**
   * The Object's bytes after `prevObjectId` (undefined: first on the stream) on a
   * stream with `header`, for `target`. `extra` (an extension only this subscriber
   * gets) makes a private encoding.
   */
  subgroup(
    target: Version,
    header: SubgroupHeader,
    prevObjectId: number | undefined,
    extra?: KeyValuePair,
  ): Uint8Array {
    if (extra !== undefined) return this.encode(target, header, prevObjectId, extra);
    if (this.bytes === undefined) {
      this.version = target;
      this.hasExtensions = header.hasExtensions;
      this.prevObjectId = prevObjectId;
      this.bytes = this.encode(target, header, prevObjectId);
      return this.bytes;
    }
    if (
      this.version === target &&
      this.hasExtensions === header.hasExtensions &&
      this.prevObjectId === prevObjectId
    ) {
      return this.bytes;
    }
    const key = `${target}:${header.hasExtensions}:${prevObjectId}`;
    this.others ??= new Map();
    let bytes = this.others.get(key);
    if (bytes === undefined) {
      bytes = this.encode(target, header, prevObjectId);
      this.others.set(key, bytes);
    }
    return bytes;
  }

  /**
   * A new stream's first write: `header` (draft-14/16 §"Subgroup Header"), then
   * the Object as the stream's first. The same buffer for every stream whose
   * header encodes alike (same draft and Track Alias; the other fields come
   * from the Object and its upstream stream).
   */
  withStreamHeader(target: Version, header: SubgroupHeader): Uint8Array {
    const head = this.head;
    if (head !== undefined && head.target === target && sameHeader(head.header, header)) {
      return head.bytes;
    }
    const key = head === undefined ? "" : headKey(target, header);
    let bytes = this.otherHeads?.get(key);
    if (bytes !== undefined) return bytes;
    const body = this.subgroup(target, header, undefined);
    const w = new WireWriter(subgroupHeaderSize(header, target) + body.length);
    writeSubgroupHeader(w, header, target);
    w.bytes(body);
    bytes = w.finish("subgroup header and first object");
    if (head === undefined) {
      this.head = { target, header, bytes };
    } else {
      this.otherHeads ??= new Map();
      this.otherHeads.set(key, bytes);
    }
    return bytes;
  }

  private encode(
    target: Version,
    header: SubgroupHeader,
    prevObjectId: number | undefined,
    extra?: KeyValuePair,
  ): Uint8Array {
    const o = toSubgroupObject(this.object, target, extra);
    return encodeSubgroupObject(o, header, prevObjectId, target);
  }
}

/** Whether two subgroup headers encode alike. */
const sameHeader = (a: SubgroupHeader, b: SubgroupHeader) =>
  a === b ||
  (a.trackAlias === b.trackAlias &&
    a.groupId === b.groupId &&
    a.subgroupIdMode === b.subgroupIdMode &&
    a.subgroupId === b.subgroupId &&
    a.publisherPriority === b.publisherPriority &&
    a.hasExtensions === b.hasExtensions &&
    a.endOfGroup === b.endOfGroup);

/** A header's key among `otherHeads`. */
const headKey = (target: Version, h: SubgroupHeader) =>
  `${target}:${h.trackAlias}:${h.groupId}:${h.subgroupIdMode}:${h.subgroupId ?? ""}:${h.publisherPriority}:${h.hasExtensions}:${h.endOfGroup}`;
