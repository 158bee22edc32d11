import { malformed, WireDecodeError, WireEncodeError } from "../../errors.ts";
import {
  type GroupOrder,
  type Location,
  locationSize,
  readLocation,
  writeLocation,
} from "../../fields.ts";
import { type KeyValuePair, keyValueFormattingError } from "../../key-value.ts";
import { MessageParam } from "../../message-params.ts";
import { WireReader } from "../../reader.ts";
import { WireWriter } from "../../writer.ts";

// draft-16 §"Message Parameters": the value forms of the parameters that PUBLISH,
// PUBLISH_OK, FETCH and TRACK_STATUS map to typed fields of their own.

type Lifted = ReadonlyMap<number, KeyValuePair>;

function liftedNumber(lifted: Lifted, type: number): number | undefined {
  const pair = lifted.get(type);
  return pair === undefined ? undefined : (pair.value as number);
}

function liftedBytes(lifted: Lifted, type: number): Uint8Array | undefined {
  const pair = lifted.get(type);
  return pair === undefined ? undefined : (pair.value as Uint8Array);
}

/** §"SUBSCRIBER PRIORITY Parameter": SUBSCRIBE, PUBLISH_OK and FETCH use 128 when it is omitted. */
export const DEFAULT_SUBSCRIBER_PRIORITY = 128;

/** §"SUBSCRIBER PRIORITY Parameter" (0x20): 0..255. */
export function priorityPair(v: number): KeyValuePair {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) {
    throw new WireEncodeError(`subscriber priority ${v} is not in 0..255`);
  }
  return { type: MessageParam.SUBSCRIBER_PRIORITY, value: v };
}
export function liftPriority(lifted: Lifted, at: number): number | undefined {
  const v = liftedNumber(lifted, MessageParam.SUBSCRIBER_PRIORITY);
  if (v !== undefined && v > 0xff) throw malformed(at, `SUBSCRIBER_PRIORITY ${v} is not in 0..255`);
  return v;
}

/** §"GROUP ORDER Parameter" (0x22): Ascending (0x1) or Descending (0x2) only. */
export function groupOrderPair(v: GroupOrder): KeyValuePair {
  if (v !== 1 && v !== 2) throw new WireEncodeError(`GROUP_ORDER parameter ${v} is not 1 or 2`);
  return { type: MessageParam.GROUP_ORDER, value: v };
}
export function liftGroupOrder(lifted: Lifted, at: number): GroupOrder | undefined {
  const v = liftedNumber(lifted, MessageParam.GROUP_ORDER);
  if (v !== undefined && v !== 1 && v !== 2) {
    throw malformed(at, `GROUP_ORDER parameter ${v} is not 1 or 2`);
  }
  return v;
}

/** §"FORWARD Parameter" (0x10): 0 or 1. */
export function forwardPair(v: boolean): KeyValuePair {
  return { type: MessageParam.FORWARD, value: v ? 1 : 0 };
}
export function liftForward(lifted: Lifted, at: number): boolean | undefined {
  const v = liftedNumber(lifted, MessageParam.FORWARD);
  if (v !== undefined && v > 1) throw malformed(at, `FORWARD parameter ${v} is not 0 or 1`);
  return v === undefined ? undefined : v === 1;
}

/** §"EXPIRES Parameter" (0x8) in milliseconds; 0 means no known expiry. */
export function expiresPair(ms: number): KeyValuePair {
  return { type: MessageParam.EXPIRES, value: ms };
}
export function liftExpires(lifted: Lifted): number | undefined {
  return liftedNumber(lifted, MessageParam.EXPIRES);
}

/** §"NEW GROUP REQUEST Parameter" (0x32): the largest Group ID known plus 1, or 0. */
export function newGroupRequestPair(v: number): KeyValuePair {
  return { type: MessageParam.NEW_GROUP_REQUEST, value: v };
}
export function liftNewGroupRequest(lifted: Lifted): number | undefined {
  return liftedNumber(lifted, MessageParam.NEW_GROUP_REQUEST);
}

/** §"LARGEST OBJECT Parameter" (0x9): a Location as the (length-prefixed) value. */
export function largestObjectPair(l: Location): KeyValuePair {
  const w = new WireWriter(locationSize(l));
  writeLocation(w, l, "largest object");
  return { type: MessageParam.LARGEST_OBJECT, value: w.finish("LARGEST_OBJECT") };
}
export function liftLargestObject(lifted: Lifted, at: number): Location | undefined {
  const bytes = liftedBytes(lifted, MessageParam.LARGEST_OBJECT);
  if (bytes === undefined) return undefined;
  // §"Key-Value-Pair Structure": a known type whose value does not parse is a formatting error.
  const r = new WireReader(bytes);
  let l: Location;
  try {
    l = readLocation(r, "largest object");
  } catch (e) {
    if (e instanceof WireDecodeError)
      throw keyValueFormattingError(at, "LARGEST_OBJECT value is not a Location");
    throw e;
  }
  if (!r.atEnd()) throw keyValueFormattingError(at, "LARGEST_OBJECT has trailing bytes");
  return l;
}
