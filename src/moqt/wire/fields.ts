import { malformed, WireEncodeError } from "./errors.ts";
import type { WireReader } from "./reader.ts";
import { utf8Length, varintSize, type WireWriter } from "./writer.ts";

/** §"Location Structure": a Group and an Object ID. */
export interface Location {
  readonly group: number;
  readonly object: number;
}

export function locationSize(l: Location): number {
  return varintSize(l.group) + varintSize(l.object);
}
export function writeLocation(w: WireWriter, l: Location, what = "location"): void {
  w.varint(l.group, `${what}.group`);
  w.varint(l.object, `${what}.object`);
}
export function readLocation(r: WireReader, what = "location"): Location {
  const group = r.varint(`${what}.group`);
  const object = r.varint(`${what}.object`);
  return { group, object };
}
/** Orders Locations (§"Location Structure"): negative when `a` < `b`. */
export function compareLocations(a: Location, b: Location): number {
  return a.group !== b.group ? a.group - b.group : a.object - b.object;
}

/** §"Reason Phrase Structure": at most 1024 bytes of UTF-8. */
export const MAX_REASON_BYTES = 1024;

export function reasonSize(reason: string): number {
  const n = utf8Length(reason);
  if (n > MAX_REASON_BYTES) throw new WireEncodeError(`reason phrase longer than 1024 bytes`);
  return varintSize(n) + n;
}
export function writeReason(w: WireWriter, reason: string): void {
  w.string(reason, "reason phrase");
}
export function readReason(r: WireReader): string {
  return r.string("reason phrase", MAX_REASON_BYTES);
}

/** A boolean carried as one byte that must be 0 or 1 (e.g. Forward, Content Exists). */
export function readFlag(r: WireReader, what: string): boolean {
  const at = r.pos;
  const v = r.u8(what);
  if (v > 1) throw malformed(at, `${what} must be 0 or 1, got ${v}`);
  return v === 1;
}
export function writeFlag(w: WireWriter, v: boolean, what: string): void {
  w.u8(v ? 1 : 0, what);
}

/** §"SUBSCRIBE": Group Order — 0x0 use publisher's, 0x1 ascending, 0x2 descending. */
export const GroupOrder = { PUBLISHER: 0x0, ASCENDING: 0x1, DESCENDING: 0x2 } as const;
export type GroupOrder = (typeof GroupOrder)[keyof typeof GroupOrder];

export function readGroupOrder(r: WireReader, allowPublisher = true): GroupOrder {
  const at = r.pos;
  const v = r.u8("group order");
  if (v > 2 || (v === 0 && !allowPublisher)) throw malformed(at, `invalid group order ${v}`);
  return v as GroupOrder;
}
export function writeGroupOrder(w: WireWriter, v: GroupOrder): void {
  if (v !== 0 && v !== 1 && v !== 2) throw new WireEncodeError(`invalid group order ${v}`);
  w.u8(v, "group order");
}
