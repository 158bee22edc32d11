// draft-16 §"Message Parameters": the parameters that carry what draft-14 sent as fixed
// fields (SUBSCRIBER_PRIORITY, GROUP_ORDER, SUBSCRIPTION_FILTER, FORWARD, EXPIRES,
// LARGEST_OBJECT, NEW_GROUP_REQUEST). Builders check values on encode; readers
// validate what `readMessageParameters` lifted for the message.
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
import { decodeFilterParam, encodeFilterParam, type SubscriptionFilter } from "./filter.ts";

type Lifted = ReadonlyMap<number, KeyValuePair>;

/** §"SUBSCRIBER PRIORITY Parameter": 0-255; SUBSCRIBE, FETCH and PUBLISH_OK default to 128. */
export const DEFAULT_SUBSCRIBER_PRIORITY = 128;

export function priorityPair(v: number): KeyValuePair {
  if (!Number.isInteger(v) || v < 0 || v > 255) {
    throw new WireEncodeError(`subscriber priority ${v} is not in 0..255`);
  }
  return { type: MessageParam.SUBSCRIBER_PRIORITY, value: v };
}

/** §"GROUP ORDER Parameter": only Ascending (0x1) and Descending (0x2) travel on the wire. */
export function groupOrderPair(v: GroupOrder): KeyValuePair {
  if (v !== 1 && v !== 2) throw new WireEncodeError(`GROUP_ORDER parameter ${v} is not 1 or 2`);
  return { type: MessageParam.GROUP_ORDER, value: v };
}

export function forwardPair(v: boolean): KeyValuePair {
  return { type: MessageParam.FORWARD, value: v ? 1 : 0 };
}

export function filterPair(f: SubscriptionFilter): KeyValuePair {
  return { type: MessageParam.SUBSCRIPTION_FILTER, value: encodeFilterParam(f) };
}

/** §"LARGEST OBJECT Parameter": a length-prefixed Location. */
export function largestObjectPair(l: Location): KeyValuePair {
  const w = new WireWriter(locationSize(l));
  writeLocation(w, l, "largest object");
  return { type: MessageParam.LARGEST_OBJECT, value: w.finish("largest object") };
}

export function varintPair(type: number, v: number): KeyValuePair {
  return { type, value: v };
}

function num(lifted: Lifted, type: number): number | undefined {
  return lifted.get(type)?.value as number | undefined;
}

/** SUBSCRIBER_PRIORITY; out of 0..255 is a PROTOCOL_VIOLATION. */
export function liftedPriority(lifted: Lifted, at: number): number | undefined {
  const v = num(lifted, MessageParam.SUBSCRIBER_PRIORITY);
  if (v !== undefined && v > 255) throw malformed(at, `SUBSCRIBER_PRIORITY ${v} is above 255`);
  return v;
}

/** GROUP_ORDER; anything but 1 or 2 is a PROTOCOL_VIOLATION. */
export function liftedGroupOrder(lifted: Lifted, at: number): GroupOrder | undefined {
  const v = num(lifted, MessageParam.GROUP_ORDER);
  if (v !== undefined && v !== 1 && v !== 2) throw malformed(at, `GROUP_ORDER ${v} is not 1 or 2`);
  return v;
}

/** FORWARD; anything but 0 or 1 is a PROTOCOL_VIOLATION. */
export function liftedForward(lifted: Lifted, at: number): boolean | undefined {
  const v = num(lifted, MessageParam.FORWARD);
  if (v !== undefined && v > 1) throw malformed(at, `FORWARD ${v} is not 0 or 1`);
  return v === undefined ? undefined : v === 1;
}

export function liftedFilter(
  lifted: Lifted,
  at: number,
  rejectInverted: boolean,
): SubscriptionFilter | undefined {
  const pair = lifted.get(MessageParam.SUBSCRIPTION_FILTER);
  if (pair === undefined) return undefined;
  return decodeFilterParam(pair.value as Uint8Array, at, rejectInverted);
}

/** LARGEST_OBJECT; a value that is not exactly one Location is a KEY_VALUE_FORMATTING_ERROR. */
export function liftedLargestObject(lifted: Lifted, at: number): Location | undefined {
  const pair = lifted.get(MessageParam.LARGEST_OBJECT);
  if (pair === undefined) return undefined;
  const r = new WireReader(pair.value as Uint8Array);
  let l: Location;
  try {
    l = readLocation(r, "largest object");
  } catch (e) {
    if (e instanceof WireDecodeError && e.truncated) {
      throw keyValueFormattingError(at, "LARGEST_OBJECT value shorter than a Location");
    }
    throw e;
  }
  if (!r.atEnd()) throw keyValueFormattingError(at, "LARGEST_OBJECT value longer than a Location");
  return l;
}

/** A lifted varint parameter with no range of its own (EXPIRES, NEW_GROUP_REQUEST). */
export function liftedVarint(lifted: Lifted, type: number): number | undefined {
  return num(lifted, type);
}
