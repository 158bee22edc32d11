// draft-16 §"Extension Headers": the Track Extensions (DELIVERY TIMEOUT,
// MAX CACHE DURATION, DEFAULT PUBLISHER PRIORITY, DEFAULT PUBLISHER GROUP ORDER,
// DYNAMIC GROUPS) carried by SUBSCRIBE_OK, PUBLISH and FETCH_OK, as typed values.
import { SessionErrorCode } from "../error-codes.ts";
import { malformed, WireEncodeError } from "../errors.ts";
import type { KeyValuePair } from "../key-value.ts";
import { trackExtensionProblem } from "../track-extensions.ts";
import { Version } from "../version.ts";
import { ExtensionHeaderType, readImmutableExtensions, withExtension } from "./extensions.ts";

/** The draft-16 Track Extensions this codec understands, as typed values. */
export interface TrackExtensionValues {
  readonly deliveryTimeoutMs?: number;
  readonly maxCacheDurationMs?: number;
  readonly defaultPublisherPriority?: number;
  /** 0x1 ascending, 0x2 descending. */
  readonly defaultGroupOrder?: 1 | 2;
  readonly dynamicGroups?: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A known Track Extension's value, checked against its range. */
function trackValue(e: KeyValuePair, offset: number): number {
  if (typeof e.value !== "number") {
    throw malformed(
      offset,
      `Track Extension 0x${e.type.toString(16)} must be an integer`,
      SessionErrorCode.KEY_VALUE_FORMATTING_ERROR,
    );
  }
  const why = trackExtensionProblem(e.type, e.value);
  if (why !== undefined) throw malformed(offset, why);
  return e.value;
}

/**
 * Typed view of draft-16 Track Extensions (top level and inside Immutable
 * Extensions). Out-of-range values throw malformed PROTOCOL_VIOLATION as
 * §"Extension Headers" requires; `offset` is reported in the error.
 */
export function trackExtensionValues(
  exts: readonly KeyValuePair[] | undefined,
  offset = 0,
): TrackExtensionValues {
  const out: Mutable<TrackExtensionValues> = {};
  const visit = (list: readonly KeyValuePair[]): void => {
    for (const e of list) {
      switch (e.type) {
        case ExtensionHeaderType.DELIVERY_TIMEOUT:
          out.deliveryTimeoutMs = trackValue(e, offset);
          break;
        case ExtensionHeaderType.MAX_CACHE_DURATION:
          out.maxCacheDurationMs = trackValue(e, offset);
          break;
        case ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY:
          out.defaultPublisherPriority = trackValue(e, offset);
          break;
        case ExtensionHeaderType.DEFAULT_PUBLISHER_GROUP_ORDER:
          out.defaultGroupOrder = trackValue(e, offset) as 1 | 2;
          break;
        case ExtensionHeaderType.DYNAMIC_GROUPS:
          out.dynamicGroups = trackValue(e, offset) === 1;
          break;
      }
    }
  };
  if (exts !== undefined) {
    visit(exts);
    const immutable = readImmutableExtensions(exts, Version.DRAFT_16);
    if (immutable !== undefined) visit(immutable);
  }
  return out;
}

/** Pairs for typed Track Extension values, ascending by type; `unknown` pairs are merged in. */
export function trackExtensionPairs(
  v: TrackExtensionValues,
  unknown: readonly KeyValuePair[] = [],
): KeyValuePair[] {
  let out: KeyValuePair[] = [...unknown];
  const put = (type: number, value: number | undefined) => {
    if (value === undefined) return;
    const why = Number.isInteger(value)
      ? trackExtensionProblem(type, value)
      : `Track Extension 0x${type.toString(16)} must be an integer`;
    if (why !== undefined) throw new WireEncodeError(why);
    out = withExtension(out, { type, value });
  };
  put(ExtensionHeaderType.DELIVERY_TIMEOUT, v.deliveryTimeoutMs);
  put(ExtensionHeaderType.MAX_CACHE_DURATION, v.maxCacheDurationMs);
  put(ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY, v.defaultPublisherPriority);
  put(ExtensionHeaderType.DEFAULT_PUBLISHER_GROUP_ORDER, v.defaultGroupOrder);
  put(
    ExtensionHeaderType.DYNAMIC_GROUPS,
    v.dynamicGroups === undefined ? undefined : v.dynamicGroups ? 1 : 0,
  );
  return out.sort((a, b) => a.type - b.type);
}
