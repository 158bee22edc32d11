// draft-16 §"Message Parameters": the parameters that carry what draft-14 sent as fixed
// fields (SUBSCRIBER_PRIORITY, GROUP_ORDER, SUBSCRIPTION_FILTER, FORWARD, EXPIRES,
// LARGEST_OBJECT, NEW_GROUP_REQUEST). `paramPairs` builds them from a message's typed
// fields, checking values; `liftParamFields` validates what `readMessageParameters`
// lifted for the message and turns it back into fields.
import { malformed, WireDecodeError, WireEncodeError } from "./errors.ts";
import { GroupOrder, type Location, locationSize, readLocation, writeLocation } from "./fields.ts";
import { type KeyValuePair, keyValueFormattingError } from "./key-value.ts";
import { MessageParam } from "./message-params.ts";
import { WireReader } from "./reader.ts";
import {
  filterSize,
  readFilter,
  type SubscriptionFilter,
  writeFilter,
} from "./subscription-filter.ts";
import { WireWriter } from "./writer.ts";

type Lifted = ReadonlyMap<number, KeyValuePair>;

/** §"SUBSCRIBER PRIORITY Parameter": SUBSCRIBE, PUBLISH_OK and FETCH use 128 when it is omitted. */
export const DEFAULT_SUBSCRIBER_PRIORITY = 128;

/** The typed fields these parameters map to; each message owns a subset of them. */
export interface ParamFields {
  /** SUBSCRIBER_PRIORITY (0x20): 0..255. */
  readonly subscriberPriority?: number;
  /** GROUP_ORDER (0x22): only Ascending (0x1) and Descending (0x2) travel on the wire. */
  readonly groupOrder?: GroupOrder;
  /** FORWARD (0x10): 0 or 1. */
  readonly forward?: boolean;
  /** SUBSCRIPTION_FILTER (0x21): the filter is the (length-prefixed) value. */
  readonly filter?: SubscriptionFilter;
  /** EXPIRES (0x8) in milliseconds; 0 means no known expiry. */
  readonly expiresMs?: number;
  /** NEW_GROUP_REQUEST (0x32): the largest Group ID known plus 1, or 0. */
  readonly newGroupRequest?: number;
  /** LARGEST_OBJECT (0x9): a Location as the (length-prefixed) value. */
  readonly largestLocation?: Location;
}

function priorityPair(v: number): KeyValuePair {
  if (!Number.isInteger(v) || v < 0 || v > 255) {
    throw new WireEncodeError(`subscriber priority ${v} is not in 0..255`);
  }
  return { type: MessageParam.SUBSCRIBER_PRIORITY, value: v };
}

function groupOrderPair(v: GroupOrder): KeyValuePair {
  if (v !== 1 && v !== 2) throw new WireEncodeError(`GROUP_ORDER parameter ${v} is not 1 or 2`);
  return { type: MessageParam.GROUP_ORDER, value: v };
}

/** A structure as the whole value of a bytes parameter (its length is the pair's). */
function encodeValue(size: number, write: (w: WireWriter) => void, what: string): Uint8Array {
  const w = new WireWriter(size);
  write(w);
  return w.finish(what);
}

/**
 * The pairs for the fields of `f` that are present and whose parameter types the message
 * lists in `own`. GroupOrder.PUBLISHER has no wire form: GROUP_ORDER is left out for it.
 */
export function paramPairs(
  f: { readonly [K in keyof ParamFields]?: ParamFields[K] | undefined },
  own: readonly number[],
): KeyValuePair[] {
  const out: KeyValuePair[] = [];
  const owns = (type: number) => own.includes(type);
  if (owns(MessageParam.SUBSCRIBER_PRIORITY) && f.subscriberPriority !== undefined) {
    out.push(priorityPair(f.subscriberPriority));
  }
  if (owns(MessageParam.GROUP_ORDER) && f.groupOrder !== undefined) {
    if (f.groupOrder !== GroupOrder.PUBLISHER) out.push(groupOrderPair(f.groupOrder));
  }
  if (owns(MessageParam.FORWARD) && f.forward !== undefined) {
    out.push({ type: MessageParam.FORWARD, value: f.forward ? 1 : 0 });
  }
  const { filter, largestLocation } = f;
  if (owns(MessageParam.SUBSCRIPTION_FILTER) && filter !== undefined) {
    const value = encodeValue(filterSize(filter), (w) => writeFilter(w, filter), "filter");
    out.push({ type: MessageParam.SUBSCRIPTION_FILTER, value });
  }
  if (owns(MessageParam.EXPIRES) && f.expiresMs !== undefined) {
    out.push({ type: MessageParam.EXPIRES, value: f.expiresMs });
  }
  if (owns(MessageParam.NEW_GROUP_REQUEST) && f.newGroupRequest !== undefined) {
    out.push({ type: MessageParam.NEW_GROUP_REQUEST, value: f.newGroupRequest });
  }
  if (owns(MessageParam.LARGEST_OBJECT) && largestLocation !== undefined) {
    const write = (w: WireWriter) => writeLocation(w, largestLocation, "largest object");
    const value = encodeValue(locationSize(largestLocation), write, "largest object");
    out.push({ type: MessageParam.LARGEST_OBJECT, value });
  }
  return out;
}

function liftedNumber(lifted: Lifted, type: number): number | undefined {
  return lifted.get(type)?.value as number | undefined;
}

function liftedBytes(lifted: Lifted, type: number): Uint8Array | undefined {
  return lifted.get(type)?.value as Uint8Array | undefined;
}

/**
 * Reads exactly one structure (`shape`) from the value of parameter `what`, found at `at`.
 * A value too short or too long for it is `fail`: draft-16 §"SUBSCRIPTION FILTER Parameter"
 * makes that a PROTOCOL_VIOLATION, §"Key-Value-Pair Structure" a KEY_VALUE_FORMATTING_ERROR
 * for LARGEST_OBJECT. Other errors (e.g. a varint above 2^53-1) are passed on.
 */
function readValue<T>(
  bytes: Uint8Array,
  read: (r: WireReader) => T,
  what: string,
  shape: string,
  fail: (detail: string) => WireDecodeError,
): T {
  const r = new WireReader(bytes);
  let v: T;
  try {
    v = read(r);
  } catch (e) {
    if (e instanceof WireDecodeError && e.truncated)
      throw fail(`${what} value shorter than ${shape}`);
    throw e;
  }
  if (!r.atEnd()) throw fail(`${what} value longer than ${shape}`);
  return v;
}

/**
 * The fields whose parameters `lifted` holds (the message's own types, as read by
 * `readMessageParameters`). Values out of range are a PROTOCOL_VIOLATION at `at`; for
 * `rejectInverted` see `readFilter`.
 */
export function liftParamFields(lifted: Lifted, at: number, rejectInverted = false): ParamFields {
  // LARGEST_OBJECT first: its KEY_VALUE_FORMATTING_ERROR is reported before any other.
  const largestBytes = liftedBytes(lifted, MessageParam.LARGEST_OBJECT);
  const largestLocation =
    largestBytes === undefined
      ? undefined
      : readValue(
          largestBytes,
          (r) => readLocation(r, "largest object"),
          "LARGEST_OBJECT",
          "a Location",
          (detail) => keyValueFormattingError(at, detail),
        );
  const filterBytes = liftedBytes(lifted, MessageParam.SUBSCRIPTION_FILTER);
  const filter =
    filterBytes === undefined
      ? undefined
      : readValue(
          filterBytes,
          (r) => readFilter(r, rejectInverted, at),
          "SUBSCRIPTION_FILTER",
          "its filter",
          (detail) => malformed(at, detail),
        );
  const subscriberPriority = liftedNumber(lifted, MessageParam.SUBSCRIBER_PRIORITY);
  if (subscriberPriority !== undefined && subscriberPriority > 255) {
    throw malformed(at, `SUBSCRIBER_PRIORITY ${subscriberPriority} is above 255`);
  }
  const groupOrder = liftedNumber(lifted, MessageParam.GROUP_ORDER);
  if (groupOrder !== undefined && groupOrder !== 1 && groupOrder !== 2) {
    throw malformed(at, `GROUP_ORDER ${groupOrder} is not 1 or 2`);
  }
  const forward = liftedNumber(lifted, MessageParam.FORWARD);
  if (forward !== undefined && forward > 1) throw malformed(at, `FORWARD ${forward} is not 0 or 1`);
  const expiresMs = liftedNumber(lifted, MessageParam.EXPIRES);
  const newGroupRequest = liftedNumber(lifted, MessageParam.NEW_GROUP_REQUEST);
  return {
    ...(subscriberPriority !== undefined && { subscriberPriority }),
    ...(groupOrder !== undefined && { groupOrder }),
    ...(forward !== undefined && { forward: forward === 1 }),
    ...(filter !== undefined && { filter }),
    ...(expiresMs !== undefined && { expiresMs }),
    ...(newGroupRequest !== undefined && { newGroupRequest }),
    ...(largestLocation !== undefined && { largestLocation }),
  };
}
